import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierDetail, ListeFiltree, ListeIncrementale } from '../../src/shared/api/schemas.js';
import { purgerFichier, soumettreFichier } from '../../src/server/index.js';
import { appeler, arreterBanc, cle, comptes, connecter, demarrerBanc, type Banc } from './aides.js';

let b: Banc;
let token: string;
let token2: string;
beforeAll(async () => {
  b = await demarrerBanc(240);
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
  token2 = await connecter(b.api, c.agent2.identifiant, c.agent2.motDePasse);
});
afterAll(() => arreterBanc(b));

type Replique = Map<string, { etat: number; revision: number }>;

function appliquer(replique: Replique, page: ListeIncrementale): void {
  const numeros = [...page.elements.map((d) => d.numero), ...page.supprimes.map((s) => s.numero)];
  expect(new Set(numeros).size).toBe(numeros.length); // no duplicate within a page
  for (const d of page.elements) replique.set(d.numero, { etat: d.etat, revision: d.revision });
  for (const s of page.supprimes) replique.delete(s.numero);
}

describe('liste incrémentale pendant que les dossiers changent', () => {
  it('ni trou ni doublon : la réplique finale est exactement l’état du guichet', async () => {
    const { service } = comptes(b);
    const ouverts = (await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=200`, { token })).json
      .elements;
    // Oldest first: the purge thresholds below remove them a few at a time.
    const parAge = [...ouverts].sort((x, y) => x.deposeLe.localeCompare(y.deposeLe));
    const replique: Replique = new Map();
    let curseur = '';
    let fini = false;
    let pages = 0;

    const perturbateur = async () => {
      let i = 0;
      while (!fini && i < 60) {
        const cible = ouverts[(i * 7) % ouverts.length]!;
        const d = (await appeler<DossierDetail>(`${b.api}/teledossiers/${cible.numero}`, { token: token2 }))
          .json;
        if (d?.numero) {
          const suivant = { 5: 15, 15: 16, 16: 17, 17: 16 }[d.etat];
          const etat = i % 5 === 0 ? 100 : suivant;
          if (etat !== undefined) {
            await appeler(`${b.api}/teledossiers/${d.numero}/etat`, {
              token: token2,
              body: {
                etat,
                revision: d.revision,
                cle: cle(),
                ...(etat === 17 ? { commentaire: 'Pièce manquante' } : {}),
              },
            });
          }
        }
        if (i % 10 === 3) {
          const seuil = parAge[Math.min(parAge.length - 1, Math.floor(i / 2))]!.deposeLe;
          await purgerFichier(b.db, new Date(Date.parse(seuil) + 30 * 24 * 3600 * 1000));
        }
        if (i % 10 === 6)
          await soumettreFichier({
            db: b.db,
            nombre: 3,
            codeInsee: service.codeInsee,
            courriels: b.courriels,
            journal: b.journal,
          });
        i++;
        await new Promise((r) => setTimeout(r, 2));
      }
    };

    const marcheur = async () => {
      for (;;) {
        const page = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${curseur}&limite=7`, {
          token,
        });
        expect(page.status).toBe(200);
        appliquer(replique, page.json);
        curseur = page.json.curseur;
        pages++;
        if (!page.json.encore) {
          if (fini) return;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    };

    await Promise.all([perturbateur().finally(() => (fini = true)), marcheur()]);
    expect(pages).toBeGreaterThan(10);

    // The truth, read in one go after the dust settled.
    const verite = (await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token }))
      .json;
    expect(verite.encore).toBe(false);
    const attendu = new Map(verite.elements.map((d) => [d.numero, { etat: d.etat, revision: d.revision }]));
    expect(replique).toEqual(attendu);
    expect(verite.supprimes.some((s) => s.motif === 'retention')).toBe(true);
    expect(verite.supprimes.some((s) => s.motif === 'cloture')).toBe(true);
    // And the classic listing agrees on which dossiers are open.
    const filtree = (await appeler<ListeFiltree>(`${b.api}/teledossiers?parPage=200`, { token })).json;
    expect(filtree.elements.map((d) => d.numero).sort()).toEqual([...attendu.keys()].sort());
  });
});
