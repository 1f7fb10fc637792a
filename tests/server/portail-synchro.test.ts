import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeIncrementale } from '../../src/shared/api/schemas.js';
import { ouvrirBase, purgerFichier, soumettreFichier } from '../../src/server/index.js';
import { creerDepots } from '../../src/server/db/depots.js';
import { Courrier } from '../../src/server/mail/courrier.js';
import {
  lireMessages,
  prendreRendezVous,
  repondre,
  type ContexteUsager,
} from '../../src/server/usager/index.js';
import {
  appeler,
  arreterBanc,
  cle,
  comptes,
  connecter,
  demarrerBanc,
  journalMemoire,
  type Banc,
} from './aides.js';
import { demandesPortail } from './aides-portail.js';

let b: Banc;
let token: string;
let token2: string;
const JOUR = 24 * 3600 * 1000;

beforeAll(async () => {
  b = await demarrerBanc(60);
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
  token2 = await connecter(b.api, c.agent2.identifiant, c.agent2.motDePasse);
});
afterAll(() => arreterBanc(b));

/** What a replica keeps of a dossier: enough to see a lost or stale portal change. */
type Empreinte = { revision: number; messages: number; lus: number; justificatifs: string; rdv: string };
type Replique = Map<string, Empreinte>;
const empreinte = (d: ListeIncrementale['elements'][number]): Empreinte => ({
  revision: d.revision,
  messages: d.portail?.messages.length ?? -1,
  lus: d.portail?.messages.filter((m) => m.luParUsagerLe !== null).length ?? -1,
  justificatifs: d.portail?.justificatifs.map((j) => j.statut).join(',') ?? '',
  rdv: d.portail?.rendezVous.map((r) => r.statut).join(',') ?? '',
});

function appliquer(replique: Replique, page: ListeIncrementale): void {
  const numeros = [...page.elements.map((d) => d.numero), ...page.supprimes.map((s) => s.numero)];
  expect(new Set(numeros).size).toBe(numeros.length);
  for (const d of page.elements) replique.set(d.numero, empreinte(d));
  for (const s of page.supprimes) replique.delete(s.numero);
}

describe('liste incrémentale pendant que les usagers écrivent et que la purge passe', () => {
  it('chaque changement du portail est ramené, ni trou ni doublon, et la purge emporte les lignes du portail', async () => {
    const { service } = comptes(b);
    const recentes = await demandesPortail(b, 12);
    // Demandes about to expire: the purge below removes them, with their portal rows.
    const anciennes = (
      await soumettreFichier({
        db: b.db,
        nombre: 6,
        codeInsee: service.codeInsee,
        courriels: b.courriels,
        portail: true,
        maintenant: new Date(Date.now() - 29.5 * JOUR),
        journal: b.journal,
      })
    ).map((s) => s.numero);
    const toutes = [...recentes, ...anciennes];
    // A second connection to the same file: the citizen as another process would (WAL).
    const db = ouvrirBase(b.db);
    const courrier = new Courrier({ dossier: b.courriels }, journalMemoire());
    const autre: ContexteUsager = { depots: creerDepots(db), horloge: () => new Date(), courrier };
    const contextes = [b.serveur.guichet, autre];

    const replique: Replique = new Map();
    let curseur = '';
    let fini = false;
    let pages = 0;
    const perturbateur = async () => {
      for (let i = 0; i < 60; i++) {
        const numero = toutes[(i * 5) % toutes.length]!;
        const ctx = contextes[i % 2]!;
        try {
          switch (i % 4) {
            case 0:
              repondre(ctx, numero, { sujet: `Message ${i}`, texte: 'Bonjour, une précision.' });
              break;
            case 1: {
              const form = new FormData();
              form.append('sujet', `Réponse ${i}`);
              form.append('texte', 'Bien reçu, merci.');
              form.append('cle', cle());
              await appeler(`${b.api}/teledossiers/${numero}/messages`, { token: token2, form });
              break;
            }
            case 2:
              lireMessages(ctx, numero);
              break;
            default:
              prendreRendezVous(ctx, numero, { debut: '2027-02-01T09:00:00Z', fin: '2027-02-01T09:30:00Z' });
          }
        } catch (e) {
          // A purged demande is gone for the citizen too.
          if (!/introuvable/.test(String(e))) throw e;
        }
        if (i === 30) await purgerFichier(b.db, new Date(Date.now() + JOUR));
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    const marcheur = async () => {
      for (;;) {
        const page = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${curseur}&limite=9`, {
          token,
        });
        expect(page.status).toBe(200);
        appliquer(replique, page.json);
        curseur = page.json.curseur;
        pages++;
        if (!page.json.encore) {
          if (fini) return;
          await new Promise((r) => setTimeout(r, 3));
        }
      }
    };
    await Promise.all([perturbateur().finally(() => (fini = true)), marcheur()]);
    expect(pages).toBeGreaterThan(10);

    const verite = (await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=&limite=1000`, { token }))
      .json;
    expect(verite.encore).toBe(false);
    const attendu = new Map(verite.elements.map((d) => [d.numero, empreinte(d)]));
    expect(replique).toEqual(attendu);
    for (const n of anciennes) {
      expect(attendu.has(n)).toBe(false);
      expect(verite.supprimes).toContainEqual(expect.objectContaining({ numero: n, motif: 'retention' }));
    }
    expect(recentes.every((n) => attendu.get(n)!.messages >= 0)).toBe(true);
    // Nothing of the purged demandes is left in the portal tables.
    const orphelins = db
      .prepare(
        `SELECT (SELECT count(*) FROM messages WHERE dossier_id NOT IN (SELECT id FROM dossiers))
              + (SELECT count(*) FROM justificatifs WHERE dossier_id NOT IN (SELECT id FROM dossiers))
              + (SELECT count(*) FROM rendez_vous WHERE dossier_id NOT IN (SELECT id FROM dossiers))
              + (SELECT count(*) FROM demandeurs WHERE dossier_id NOT IN (SELECT id FROM dossiers)) AS n`,
      )
      .get() as { n: number };
    expect(orphelins.n).toBe(0);
    await courrier.vider();
    courrier.fermer();
    db.close();
  });
});
