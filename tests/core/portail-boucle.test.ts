import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fournir } from '../../src/server/usager/index.js';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { PORTAIL } from '../../src/shared/workflow/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { PDF } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';
import { detail, soumettrePortail, usager, viderFile } from './aide/portail.js';

let guichet: GuichetDeTest;
let agent: Compte;
let collegue: ClientGuichet;
let app: AppDeTest;
let numeros: string[];

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(120, 'portail-boucle');
  agent = guichet.comptes().agent;
  collegue = await guichet.client(guichet.comptes().collegue);
  numeros = await soumettrePortail(guichet, agent, 6, 'portail-boucle');
  app = await ouvrirApp(dossierTemporaire(), guichet.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
}, 60_000);

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

/** A demande just submitted, with a justificatif the citizen already provided. */
async function demandeAvecJustificatif() {
  for (const numero of numeros) {
    const d = await detail(app.coeur, numero);
    const j = d.portail?.justificatifs.find((x) => x.fichier !== null && x.statut === 'fourni');
    if (d.etat === PORTAIL.enAttente && j) return { numero, j };
  }
  throw new Error('Aucune demande avec un justificatif fourni.');
}

describe('portail citoyen : de l’arrivée à la décision', () => {
  it('correction demandée, justificatif fourni par l’usager, à revoir, validé, décidé', async () => {
    const { coeur } = app;
    const { numero, j } = await demandeAvecJustificatif();
    const avant = await detail(coeur, numero);
    expect(avant.portail?.demandeur.nom).toBeTruthy();

    // 1. The agent asks for a correction: the justificatif refused, then the dossier incomplet.
    const { actions } = await coeur.appeler('dossiers.demanderCorrection', {
      numero,
      manque: 'Votre attestation est illisible : merci d’en fournir une nouvelle.',
      invalides: [{ id: j.id, motif: 'Document illisible.' }],
    });
    expect(actions.map((a) => a.type)).toEqual(['justificatif', 'etat']);
    expect(actions[0]?.resume).toContain('invalide');
    await viderFile(coeur);
    const incomplet = await detail(coeur, numero);
    expect(incomplet.etat).toBe(PORTAIL.incomplet);
    expect(incomplet.actions).toEqual([]);
    expect(incomplet.portail?.justificatifs.find((x) => x.id === j.id)).toMatchObject({
      statut: 'invalide',
      motif: 'Document illisible.',
    });
    // The guichet wrote to the citizen itself.
    expect(incomplet.portail?.messages.some((m) => m.sens === 'mairie')).toBe(true);
    const enAttente = await coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { onglet: 'attente-pieces' },
    });
    expect(enAttente.elements.map((e) => e.numero)).toContain(numero);

    // 2. The citizen provides a new file on the portal.
    fournir(usager(guichet), numero, j.id, { nom: 'attestation-caf.pdf', octets: PDF });

    // 3. After a sync: rectifié, in « À revoir ».
    await coeur.appeler('synchro.lancer', {});
    const rectifie = await detail(coeur, numero);
    expect(rectifie.etat).toBe(PORTAIL.rectifie);
    const justif = rectifie.portail?.justificatifs.find((x) => x.id === j.id);
    expect(justif?.statut).toBe('fourni');
    const aRevoir = await coeur.appeler('dossiers.lister', { ...TOUT, filtre: { onglet: 'a-revoir' } });
    expect(aRevoir.elements.map((e) => e.numero)).toContain(numero);
    const comptes = await coeur.appeler('dossiers.compterOnglets', { filtre: {} });
    expect(comptes['a-revoir']).toBe(aRevoir.total);
    const tableau = await coeur.appeler('tableauDeBord.lire', {});
    expect(tableau.aRevoir).toBe(aRevoir.total);

    // The agent opens the new file: a real PDF, shown in the app.
    const ouvert = await coeur.appeler('justificatifs.ouvrir', { numero, id: j.id });
    expect(ouvert).toMatchObject({ mode: 'apercu', type: 'application/pdf' });
    if (ouvert.mode === 'apercu') expect(Buffer.from(ouvert.contenuBase64, 'base64').equals(PDF)).toBe(true);

    // 4. The agent validates it.
    const decision = await coeur.appeler('justificatifs.decider', { numero, id: j.id, statut: 'valide' });
    expect(decision.resume).toContain('valide');
    await viderFile(coeur);
    const valide = await detail(coeur, numero);
    expect(valide.portail?.justificatifs.find((x) => x.id === j.id)?.statut).toBe('valide');

    // 5. The agent decides « validé » (with the decision PDF when the démarche requires one).
    const { demarches } = await coeur.appeler('referentiel.lire', {});
    const requises = demarches
      .find((d) => d.code === valide.demarche?.code)
      ?.piecesRequises.filter((p) => p.etat === PORTAIL.valide);
    for (const p of requises ?? []) {
      await coeur.appeler('actions.joindre', {
        numero,
        slot: p.slot,
        nom: 'decision.pdf',
        contenuBase64: PDF.toString('base64'),
      });
    }
    await coeur.appeler('actions.changerEtat', {
      numero,
      etat: PORTAIL.valide,
      commentaire: 'Demande acceptée.',
    });
    await viderFile(coeur);
    const fin = await collegue.appel('teledossier', { params: { numero } });
    expect(fin.etat).toBe(PORTAIL.valide);
    expect(fin.portail?.justificatifs.find((x) => x.id === j.id)?.statut).toBe('valide');
    const file = await coeur.appeler('fileAttente.lister', {});
    expect(file.actions.filter((a) => a.statut !== 'envoyee')).toEqual([]);
  });

  it('les onglets et le tableau de bord comptent les deux workflows', async () => {
    const { coeur } = app;
    const { workflows } = await coeur.appeler('referentiel.lire', {});
    const flags = (pred: (e: (typeof workflows)[number]['etats'][number]) => boolean) =>
      new Set(workflows.flatMap((w) => w.etats.filter(pred).map((e) => e.code)));
    const attente = flags((e) => e.attentePieces === true);
    const aRevoir = flags((e) => e.aRevoir === true);
    // Both workflows have a « waiting for the citizen » state.
    expect([...attente].sort()).toEqual(expect.arrayContaining([17, PORTAIL.incomplet]));
    const tous = await coeur.appeler('dossiers.lister', TOUT);
    const vivants = tous.elements.filter((e) => e.supprimeDuGuichet === null && e.etat !== null);
    const comptes = await coeur.appeler('dossiers.compterOnglets', { filtre: {} });
    expect(comptes['attente-pieces']).toBe(vivants.filter((e) => attente.has(e.etat!)).length);
    expect(comptes['a-revoir']).toBe(vivants.filter((e) => aRevoir.has(e.etat!)).length);
    expect(comptes.tous).toBe(tous.total);
    const portail = vivants.filter((e) => e.etat! >= 200).length;
    expect(portail).toBeGreaterThan(0);
    expect(vivants.length - portail).toBeGreaterThan(0);
    const tableau = await coeur.appeler('tableauDeBord.lire', {});
    expect(tableau.aRevoir).toBe(comptes['a-revoir']);
    expect(tableau.parEtat.map((e) => e.etat)).toEqual(expect.arrayContaining([PORTAIL.valide]));
  });
});
