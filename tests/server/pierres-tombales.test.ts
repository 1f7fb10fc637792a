import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listeIncrementaleSchema,
  type DossierDetail,
  type ListeIncrementale,
} from '../../src/shared/api/schemas.js';
import { purgerFichier, soumettreFichier, type Soumis } from '../../src/server/index.js';
import { appeler, arreterBanc, cle, comptes, connecter, demarrerBanc, type Banc } from './aides.js';

const JOUR = 24 * 60 * 60 * 1000;
const HEURE = 60 * 60 * 1000;
let b: Banc;
let token: string;

beforeAll(async () => {
  // A short purge interval: the retention case below is the server's own schedule at work.
  b = await demarrerBanc(8, { purgeIntervalleMs: 100 });
  const c = comptes(b);
  token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
});
afterAll(() => arreterBanc(b));

/** Every page after `depuis`, validated against the shared contract. */
async function toutDepuis(depuis: string): Promise<ListeIncrementale> {
  const tout: ListeIncrementale = { elements: [], supprimes: [], curseur: depuis, encore: true };
  while (tout.encore) {
    const r = await appeler<ListeIncrementale>(`${b.api}/teledossiers?depuis=${tout.curseur}&limite=3`, {
      token,
    });
    expect(r.status).toBe(200);
    const page = listeIncrementaleSchema.parse(r.json);
    tout.elements.push(...page.elements);
    tout.supprimes.push(...page.supprimes);
    tout.curseur = page.curseur;
    tout.encore = page.encore;
  }
  return tout;
}

async function deposer(nombre: number, maintenant: Date, graine?: string): Promise<Soumis[]> {
  const { service } = comptes(b);
  const soumis = await soumettreFichier({
    db: b.db,
    nombre,
    codeInsee: service.codeInsee,
    maintenant,
    courriels: b.courriels,
    journal: b.journal,
    ...(graine ? { graine } : {}),
  });
  return soumis;
}

describe('pierres tombales de la liste incrémentale', () => {
  it('un dossier créé puis clos après le curseur du client arrive en « cloture », avec sa date', async () => {
    const curseur = (await toutDepuis('')).curseur;
    const deposes = await deposer(6, b.horloge.maintenant(), 'pierres-tombales');
    // The recensement needs its attestation before closing: keep to démarches that close as is.
    const [parEtat, enMasse] = deposes
      .filter((d) => d.demarche !== 'recensement-citoyen')
      .map((d) => d.numero);
    const ouverts = deposes.map((d) => d.numero).filter((n) => n !== parEtat && n !== enMasse);
    if (!parEtat || !enMasse) throw new Error('graine sans deux dossiers clôturables');
    const avantCloture = b.horloge.maintenant().getTime();

    const detail = await appeler<DossierDetail>(`${b.api}/teledossiers/${parEtat}`, { token });
    const r1 = await appeler(`${b.api}/teledossiers/${parEtat}/etat`, {
      token,
      body: { etat: 100, revision: detail.json.revision, cle: cle() },
    });
    expect(r1.status).toBe(200);
    const r2 = await appeler<{ resultats: { numero: string; ok: boolean }[] }>(
      `${b.api}/teledossiers/cloture`,
      { token, body: { numeros: [enMasse], cle: cle() } },
    );
    expect(r2.json.resultats).toMatchObject([{ numero: enMasse, ok: true }]);
    const apresCloture = b.horloge.maintenant().getTime();

    // A client that was off since `curseur` never saw these two numéros: it still learns of them.
    const changes = await toutDepuis(curseur);
    expect(changes.elements.map((d) => d.numero)).toEqual(ouverts);
    expect(changes.supprimes.map((s) => [s.numero, s.motif])).toEqual([
      [parEtat, 'cloture'],
      [enMasse, 'cloture'],
    ]);
    for (const s of changes.supprimes) {
      const le = Date.parse(s.le ?? '');
      expect(le).toBeGreaterThanOrEqual(avantCloture);
      expect(le).toBeLessThanOrEqual(apresCloture);
    }
    // The date is the close's, as the historique records it.
    const historique = (await appeler<DossierDetail>(`${b.api}/teledossiers/${parEtat}`, { token })).json
      .historique;
    expect(changes.supprimes[0]!.le).toBe(historique.at(-1)!.le);
  });

  it('un dossier créé puis purgé après le curseur arrive en « retention », daté par l’horloge du guichet', async () => {
    const curseur = (await toutDepuis('')).curseur;
    const [{ numero: jamaisVu }] = (await deposer(1, b.horloge.maintenant())) as [Soumis];
    const total = (await toutDepuis('')).elements.length + (await toutDepuis('')).supprimes.length;

    // 31 days later on the server's clock: its own schedule purges everything.
    b.horloge.avancerJours(31);
    const avantPurge = b.horloge.maintenant().getTime();
    const c = comptes(b);
    token = await connecter(b.api, c.agent.identifiant, c.agent.motDePasse);
    let changes = await toutDepuis(curseur);
    for (
      let essai = 0;
      changes.elements.length > 0 || !changes.supprimes.some((s) => s.numero === jamaisVu);
      essai++
    ) {
      if (essai > 200) throw new Error('La purge du guichet n’a pas eu lieu.');
      await new Promise((r) => setTimeout(r, 50));
      changes = await toutDepuis(curseur);
    }
    expect(changes.elements).toEqual([]);
    const tombe = changes.supprimes.find((s) => s.numero === jamaisVu);
    expect(tombe).toMatchObject({ numero: jamaisVu, motif: 'retention' });
    const le = Date.parse(tombe?.le ?? '');
    expect(le).toBeGreaterThanOrEqual(avantPurge - 1000);
    expect(le).toBeLessThanOrEqual(b.horloge.maintenant().getTime());
    expect(le - Date.now()).toBeGreaterThan(30 * JOUR);
    // The whole walk from the start now holds only tombstones, one per numéro ever served.
    const depuisLeDebut = await toutDepuis('');
    expect(depuisLeDebut.elements).toEqual([]);
    expect(new Set(depuisLeDebut.supprimes.map((s) => s.numero)).size).toBe(total);
    expect(depuisLeDebut.supprimes.every((s) => s.motif === 'retention' && s.le !== undefined)).toBe(true);
  });

  it('purge --now : la pierre tombale porte la date simulée de la purge', async () => {
    const curseur = (await toutDepuis('')).curseur;
    const now = b.horloge.maintenant();
    // Due in an hour on the server's clock: its own schedule (every 100 ms) must not purge it first,
    // which it did when the dossier was already past due (a race that made this test fail).
    const [{ numero: ancien }] = (await deposer(1, new Date(now.getTime() - 30 * JOUR + HEURE))) as [Soumis];
    const quand = new Date(now.getTime() + 2 * HEURE);
    const { purges } = await purgerFichier(b.db, quand);
    expect(purges.map((p) => p.numero)).toEqual([ancien]);
    const changes = await toutDepuis(curseur);
    expect(changes.supprimes).toEqual([{ numero: ancien, motif: 'retention', le: quand.toISOString() }]);
  });
});
