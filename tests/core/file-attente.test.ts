import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { ErreurApp } from '../../src/shared/app-api/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { attendre, PDF } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;
let app: AppDeTest;
let collegue: ClientGuichet;
let donnees: string;
const utilises = new Set<string>();

/** A dossier in `etat`, of a démarche (or not), not used by another test. */
async function unDossier(etat: number, recensement = false): Promise<string> {
  const l = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { etat, supprimes: 'exclure' } });
  const d = l.elements.find(
    (e) =>
      !utilises.has(e.numero) &&
      (e.demarche?.code === 'recensement-citoyen') === recensement &&
      e.actionsEnAttente === 0,
  );
  if (!d) throw new Error(`Aucun dossier disponible à l'état ${etat}`);
  utilises.add(d.numero);
  return d.numero;
}

const surGuichet = (numero: string) => collegue.appel('teledossier', { params: { numero } });
const action = async (id: string) =>
  (await app.coeur.appeler('fileAttente.lister', {})).actions.find((a) => a.id === id);

async function passerHorsLigne(): Promise<void> {
  await guichet.arreter();
  // The next call that needs the guichet notices and switches the session to hors-ligne.
  await app.coeur.appeler('synchro.lancer', {}).catch(() => undefined);
  await attendre(async () => (await app.coeur.appeler('session.courante', {}))?.mode === 'hors-ligne');
}

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(400, 'file-attente');
  const { agent, collegue: c } = guichet.comptes();
  collegue = await guichet.client(c);
  donnees = dossierTemporaire();
  app = await ouvrirApp(donnees, guichet.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
});

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

describe("file d'attente", () => {
  it('refuse localement une transition interdite, avec le message du workflow', async () => {
    const numero = await unDossier(5);
    await expect(app.coeur.appeler('actions.changerEtat', { numero, etat: 17 })).rejects.toThrow(
      /ne peut pas passer/,
    );
    const numero17 = await unDossier(16);
    await expect(
      app.coeur.appeler('actions.changerEtat', { numero: numero17, etat: 17 }),
    ).rejects.toMatchObject({
      code: 'refus',
      message: expect.stringMatching(/commentaire est obligatoire/) as unknown,
    });
    await expect(
      app.coeur.appeler('actions.joindre', {
        numero: numero17,
        slot: 'attestation',
        nom: 'faux.pdf',
        contenuBase64: Buffer.from('pas un pdf').toString('base64'),
      }),
    ).rejects.toBeInstanceOf(ErreurApp);
    expect((await app.coeur.appeler('fileAttente.lister', {})).actions).toHaveLength(0);
  });

  it('met en file hors ligne, garde l’état optimiste, puis rejoue au retour du guichet', async () => {
    const a = await unDossier(5);
    const b = await unDossier(16);
    const annulee = await unDossier(15);
    await passerHorsLigne();
    const etat = await app.coeur.appeler('actions.changerEtat', {
      numero: a,
      etat: 15,
      commentaire: 'Reçu.',
    });
    const cloture = await app.coeur.appeler('actions.cloturer', {
      selection: { numeros: [b] },
      commentaire: 'Terminé',
    });
    const aAnnuler = await app.coeur.appeler('actions.changerEtat', { numero: annulee, etat: 16 });
    expect(etat.statut).toBe('en-attente');
    expect((await app.coeur.appeler('dossiers.detail', { numero: a })).etat).toBe(15);
    expect((await app.coeur.appeler('dossiers.detail', { numero: b })).etat).toBe(100);
    expect((await app.coeur.appeler('dossiers.detail', { numero: annulee })).etat).toBe(16);
    await app.coeur.appeler('fileAttente.annuler', { id: aAnnuler.id });
    expect((await app.coeur.appeler('dossiers.detail', { numero: annulee })).etat).toBe(15);
    const ligne = (await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { recherche: a } }))
      .elements[0];
    expect(ligne?.actionsEnAttente).toBe(1);
    // A sync while offline is refused, the queue is untouched.
    await expect(app.coeur.appeler('synchro.lancer', {})).rejects.toMatchObject({ code: 'hors_ligne' });

    await guichet.demarrer();
    const compteurs = await app.coeur.appeler('fileAttente.rejouer', {});
    expect(compteurs).toEqual({ enAttente: 0, conflit: 0, refusee: 0 });
    expect((await app.coeur.appeler('session.courante', {}))?.mode).toBe('en-ligne');
    const da = await surGuichet(a);
    expect(da.etat).toBe(15);
    expect(da.historique.filter((h) => h.etat === 15 && h.commentaire === 'Reçu.')).toHaveLength(1);
    expect((await surGuichet(b)).etat).toBe(100);
    expect((await surGuichet(annulee)).etat).toBe(15);
    expect(cloture.actions[0]?.numeros).toEqual([b]);
    expect(
      app.evenements.some(
        (e) => e.nom === 'connexion.changee' && (e.donnees as { mode: string }).mode === 'hors-ligne',
      ),
    ).toBe(true);
  });

  it('dépose la pièce avant le changement d’état qui l’exige', async () => {
    const r = await unDossier(16, true);
    await expect(app.coeur.appeler('actions.changerEtat', { numero: r, etat: 100 })).rejects.toThrow(
      /doit être déposée/,
    );
    await app.coeur.appeler('actions.joindre', {
      numero: r,
      slot: 'attestation',
      nom: 'attestation.pdf',
      contenuBase64: PDF.toString('base64'),
    });
    const clos = await app.coeur.appeler('actions.changerEtat', { numero: r, etat: 100 });
    await app.coeur.appeler('fileAttente.rejouer', {});
    expect(await action(clos.id)).toBeUndefined();
    const d = await surGuichet(r);
    expect(d.etat).toBe(100);
    expect(d.piecesDeposees.map((p) => p.slot)).toEqual(['attestation']);
    // The queued copy of the PDF is removed once the guichet has it.
    expect(fs.readdirSync(path.join(donnees, 'profils', app.profilId, 'pieces'))).toHaveLength(0);
  });

  it('409 : un collègue a changé le dossier, l’action passe en conflit et le dossier est rafraîchi', async () => {
    const c = await unDossier(15);
    const avant = await surGuichet(c);
    await collegue.appel('changerEtat', {
      params: { numero: c },
      body: { etat: 17, commentaire: 'Pièce manquante', revision: avant.revision, cle: 'collegue-conflit-1' },
    });
    const a = await app.coeur.appeler('actions.changerEtat', { numero: c, etat: 16 });
    const enConflit = await attendre(async () => {
      const x = await action(a.id);
      return x?.statut === 'conflit' ? x : null;
    });
    expect(enConflit.erreur).toBeTruthy();
    const local = await app.coeur.appeler('dossiers.detail', { numero: c });
    expect(local.etat).toBe(17);
    expect(local.actions.map((x) => x.statut)).toEqual(['conflit']);
    // Retry: re-based on the guichet's version, 17 → 16 is allowed, it goes through.
    await app.coeur.appeler('fileAttente.reessayer', { id: a.id });
    await app.coeur.appeler('fileAttente.rejouer', {});
    expect((await surGuichet(c)).etat).toBe(16);
  });

  it('422 : le guichet refuse, l’action est refusée avec son message et l’état local revient', async () => {
    const r = await unDossier(16, true);
    await passerHorsLigne();
    const piece = await app.coeur.appeler('actions.joindre', {
      numero: r,
      slot: 'attestation',
      nom: 'a.pdf',
      contenuBase64: PDF.toString('base64'),
    });
    const clos = await app.coeur.appeler('actions.changerEtat', { numero: r, etat: 100 });
    expect((await app.coeur.appeler('dossiers.detail', { numero: r })).etat).toBe(100);
    // The queued copy gets corrupted on disk: the guichet will refuse the upload (415), then the close (422).
    const dossierPieces = path.join(donnees, 'profils', app.profilId, 'pieces');
    for (const f of fs.readdirSync(dossierPieces)) fs.writeFileSync(path.join(dossierPieces, f), 'corrompu');
    await guichet.demarrer();
    const compteurs = await app.coeur.appeler('fileAttente.rejouer', {});
    expect(compteurs.refusee).toBeGreaterThanOrEqual(2);
    const refusee = await action(clos.id);
    expect(refusee?.statut).toBe('refusee');
    expect(refusee?.erreur).toMatch(/attestation|pièce/i);
    expect((await action(piece.id))?.statut).toBe('refusee');
    const local = await app.coeur.appeler('dossiers.detail', { numero: r });
    expect(local.etat).toBe(16);
    expect(local.piecesDeposees).toHaveLength(0);
    expect((await surGuichet(r)).etat).toBe(16);
  });

  it('clôture en masse une sélection « Tout sélectionner » résolue par filtre', async () => {
    const filtre = { etat: 15, supprimes: 'exclure' as const };
    const cibles = (await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre })).elements.map(
      (e) => e.numero,
    );
    expect(cibles.length).toBeGreaterThan(2);
    const r = await app.coeur.appeler('actions.cloturer', {
      selection: { filtre },
      commentaire: 'Clôture en masse',
    });
    expect(r.actions).toHaveLength(1);
    const attendus = r.actions[0]!.numeros;
    expect(attendus.length).toBe(r.dossiers);
    await app.coeur.appeler('fileAttente.rejouer', {});
    for (const n of attendus) expect((await surGuichet(n)).etat).toBe(100);
    await app.coeur.appeler('synchro.lancer', {});
    const clos = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { supprimes: 'seulement' } });
    for (const n of attendus) expect(clos.elements.map((e) => e.numero)).toContain(n);
  });
});
