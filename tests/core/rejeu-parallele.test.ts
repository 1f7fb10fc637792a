import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { creerActionEtat, rejouer } from '../../src/main/outbox/index.js';
import { ouvrirBase, type Db } from '../../src/main/store/index.js';
import { synchroniser, synchroniserReferentiel } from '../../src/main/sync/index.js';
import { clientEnveloppe, dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let client: ClientGuichet;
let db: Db;
let dossierProfil: string;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(300, 'rejeu-parallele');
  client = await guichet.client(guichet.comptes().agent);
  dossierProfil = dossierTemporaire();
  db = ouvrirBase(path.join(dossierProfil, 'store.sqlite'));
  await synchroniserReferentiel(db, client);
  const b = await synchroniser({ db, client });
  await b.indexation;
});

afterAll(async () => {
  db?.close();
  client?.fermer();
  await guichet?.nettoyer();
});

/**
 * The real client, every request still going to the real guichet, with a count of the requests in
 * flight, in all and per dossier.
 */
function clientCompteur(reel: ClientGuichet) {
  const mesure = { enVol: 0, maxEnVol: 0, maxParDossier: 0 };
  const parDossier = new Map<string, number>();
  const compteur = clientEnveloppe(reel, {
    async appel(route, options) {
      const numero = options?.params?.numero ?? '';
      const n = (parDossier.get(numero) ?? 0) + 1;
      parDossier.set(numero, n);
      mesure.enVol++;
      mesure.maxEnVol = Math.max(mesure.maxEnVol, mesure.enVol);
      if (numero) mesure.maxParDossier = Math.max(mesure.maxParDossier, n);
      try {
        return await reel.appel(route, options);
      } finally {
        mesure.enVol--;
        parDossier.set(numero, (parDossier.get(numero) ?? 1) - 1);
      }
    },
  });
  return { compteur, mesure };
}

describe('rejeu de la file', () => {
  it('envoie ensemble les actions de dossiers différents, une à la fois et dans l’ordre par dossier', async () => {
    const numeros = db
      .prepare(
        "SELECT numero FROM dossiers WHERE etat = 5 AND supprime_motif IS NULL AND demarche_code <> 'recensement-citoyen' ORDER BY numero LIMIT 8",
      )
      .pluck()
      .all() as string[];
    expect(numeros.length).toBe(8);
    const ctx = { db, dossierProfil, par: 'agent' };
    // Two actions per dossier: 5 → 15 then 15 → 16. Sent in the wrong order, the second would be
    // refused by the guichet (5 → 16 is not a transition of the workflow).
    for (const n of numeros) {
      creerActionEtat(ctx, n, 15, null);
      creerActionEtat(ctx, n, 16, 'Instruction commencée');
    }
    const { compteur, mesure } = clientCompteur(client);
    const bilan = await rejouer({ db, client: compteur, dossierProfil });
    expect(bilan).toMatchObject({ envoyees: 16, conflits: 0, refusees: 0, restantes: 0, horsLigne: false });
    expect(mesure.maxEnVol).toBeGreaterThan(1);
    expect(mesure.maxEnVol).toBeLessThanOrEqual(4);
    expect(mesure.maxParDossier).toBe(1);
    for (const n of numeros) {
      const d = await client.appel('teledossier', { params: { numero: n } });
      expect(d.etat).toBe(16);
      expect(d.historique.slice(-2).map((h) => h.etat)).toEqual([15, 16]);
    }
  });
});
