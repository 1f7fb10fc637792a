/**
 * A portal demande (workflow « portail-citoyen ») processed through the screens, by role and French
 * name: the citizen's side is played in-process on the running guichet (src/server/usager), the
 * guichet's side is checked through its API.
 */
import type { Locator, Page } from '@playwright/test';
import type { Portail } from '../../src/shared/api/schemas.js';
import { PORTAIL } from '../../src/shared/workflow/index.js';
import {
  fournir,
  lireMessages,
  prendreRendezVous,
  rectifier,
  repondre,
} from '../../src/server/usager/index.js';
import { attendreFinSynchro, dossiersA, pdf, synchroniser, type DossierApi } from './aides.js';
import {
  allerA,
  capturer,
  expect,
  seConnecter,
  test,
  verifierAccessibilite,
  type Environnement,
} from './fixtures.js';

type DossierPortailApi = DossierApi & { portail: Portail };

async function detailGuichet(env: Environnement, numero: string): Promise<DossierPortailApi> {
  return env.apiGuichet<DossierPortailApi>(`/teledossiers/${numero}`);
}

/** A portal demande « En traitement » with at least one justificatif, the first one provided. */
async function preparerDemande(env: Environnement) {
  for (const d of await dossiersA(env, PORTAIL.enTraitement)) {
    const detail = await detailGuichet(env, d.numero);
    const justificatif = detail.portail?.justificatifs[0];
    if (!justificatif) continue;
    if (justificatif.statut !== 'fourni')
      fournir(env.usager(), d.numero, justificatif.id, {
        nom: 'attestation-caf.pdf',
        octets: await pdf('Attestation CAF'),
      });
    return { numero: d.numero, justificatif: { id: justificatif.id, libelle: justificatif.libelle } };
  }
  throw new Error('Aucune demande du portail « En traitement » avec un justificatif dans le seed.');
}

/** Any open portal demande (en attente, en traitement, complet). */
async function demandeOuverte(env: Environnement): Promise<string> {
  for (const etat of [PORTAIL.enAttente, PORTAIL.complet, PORTAIL.enTraitement]) {
    const [d] = await dossiersA(env, etat);
    if (d) return d.numero;
  }
  throw new Error('Aucune demande du portail ouverte dans le seed.');
}

/** A slot in a few days, at 10:00–10:30 Paris time. */
function creneau(jours: number): { debut: string; fin: string } {
  const jour = new Date(Date.now() + jours * 86_400_000).toISOString().slice(0, 10);
  return { debut: `${jour}T10:00:00+01:00`, fin: `${jour}T10:30:00+01:00` };
}

/** The screenshot without the toasts of the actions just done (they would hide the screen's foot). */
async function photographier(page: Page, nom: string, cible?: Locator): Promise<void> {
  const fermer = page.getByRole('button', { name: 'Fermer le message' });
  for (let i = 0; i < 10 && (await fermer.count()) > 0; i++)
    await fermer
      .first()
      .click({ timeout: 1000 })
      .catch(() => undefined);
  if (cible) await cible.scrollIntoViewIfNeeded();
  else await page.locator('#contenu').evaluate((e) => e.scrollTo(0, 0));
  await capturer(page, nom);
}

function onglet(page: Page, nom: RegExp | string) {
  return page.getByRole('tablist', { name: 'Suivi de la demande' }).getByRole('tab', { name: nom });
}

function ligneJustificatif(page: Page, libelle: string) {
  return page
    .getByRole('table', { name: 'Justificatifs de la demande et leur statut' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: libelle, exact: true }) });
}

test('portail citoyen : un agent traite une demande, de l’échange avec l’usager à la décision', async ({
  page,
  env,
}) => {
  test.setTimeout(240_000);
  const { numero, justificatif } = await preparerDemande(env);
  const ctx = env.usager();
  repondre(ctx, numero, {
    sujet: 'Question sur la cantine',
    texte: 'Bonjour,\nmon fils mange sans porc : faut-il le préciser ?\nMerci.',
    pieces: [{ nom: 'certificat.pdf', octets: await pdf('Certificat médical') }],
  });
  prendreRendezVous(ctx, numero, { ...creneau(3), lieu: 'Mairie — accueil', objet: 'Remise des pièces' });

  await seConnecter(page, env, env.agent);
  await attendreFinSynchro(page);

  // Dashboard → the dossiers with an unread message.
  const tuile = page.locator('.tuile', { hasText: 'Messages non lus' });
  await expect(tuile).toBeVisible();
  await expect(page.locator('.tuile', { hasText: 'À revoir' })).toBeVisible();
  await expect(
    page
      .locator('.tuile', { hasText: 'Rendez-vous proches' })
      .getByRole('button', { name: 'Voir les rendez-vous proches' }),
  ).toBeVisible();
  await verifierAccessibilite(page, 'Tableau de bord (portail)');
  await tuile.getByRole('button', { name: 'Voir les messages non lus' }).click();
  await expect(page.getByRole('heading', { name: 'Télédossiers à traiter' })).toBeVisible();
  await expect(page.getByLabel('Messages non lus', { exact: true })).toBeChecked();
  await page.getByLabel('Rechercher').fill(numero);
  await page.getByLabel('Rechercher').press('Enter');
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  const rangee = page.locator(`.grille-ligne[data-numero="${numero}"]`);
  await expect(rangee.getByRole('img', { name: /^\d+ messages? non lus?$/ })).toBeVisible();
  await verifierAccessibilite(page, 'Télédossiers (messages non lus)');
  await rangee.getByRole('button', { name: numero }).click();
  await expect(page.getByRole('heading', { name: `Dossier ${numero}` })).toBeVisible();

  // « Le demandeur ».
  await onglet(page, 'Le demandeur').click();
  await expect(page.getByRole('heading', { name: 'Identité' })).toBeVisible();
  await expect(page.getByText('Moyen préféré')).toBeVisible();
  await verifierAccessibilite(page, 'Portail — le demandeur');
  await photographier(page, '29-portail-demandeur');

  // « Échanges »: the unread badge, then read by opening the tab.
  await expect(onglet(page, /^Échanges \(\d+ messages? non lus?\)$/)).toBeVisible();
  await onglet(page, /^Échanges/).click();
  const messageUsager = page.getByRole('article', { name: 'Question sur la cantine', exact: true });
  await expect(messageUsager).toContainText('Message de l’usager');
  await expect(messageUsager).toContainText('mon fils mange sans porc');
  await expect(onglet(page, /^Échanges$/)).toBeVisible();
  await messageUsager.getByRole('button', { name: 'Ouvrir certificat.pdf' }).click();
  await expect(page.locator('iframe[title="Aperçu de certificat.pdf"]')).toBeVisible();
  await page.getByRole('button', { name: "Fermer l'aperçu" }).click();

  // The answer: a wrong attachment refused before sending, then a PDF.
  const formulaire = page.locator('section', { has: page.getByRole('heading', { name: 'Nouveau message' }) });
  await expect(formulaire).toContainText('Jusqu’à 3 pièces jointes');
  await formulaire.getByLabel('Sujet').fill('Re : Question sur la cantine');
  await formulaire
    .getByLabel('Message', { exact: true })
    .fill('Bonjour, oui : indiquez-le dans la fiche enfant, rubrique « Régime alimentaire ».');
  await formulaire.getByLabel('Pièces jointes', { exact: true }).setInputFiles({
    name: 'menu.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('pas un PDF'),
  });
  await expect(formulaire.getByRole('alert')).toContainText("n'est pas dans un format accepté");
  await formulaire.getByLabel('Pièces jointes', { exact: true }).setInputFiles({
    name: 'menus-decembre.pdf',
    mimeType: 'application/pdf',
    buffer: await pdf('Menus de décembre'),
  });
  await expect(formulaire.getByRole('button', { name: 'Retirer menus-decembre.pdf' })).toBeVisible();
  await formulaire.getByRole('button', { name: 'Envoyer le message' }).click();
  await expect(page.getByText("Message « Re : Question sur la cantine » envoyé à l'usager.")).toBeVisible({
    timeout: 30_000,
  });
  const reponse = page.getByRole('article', { name: 'Re : Question sur la cantine' });
  await expect(reponse).toContainText("Pas encore lu par l'usager");
  await expect(reponse.getByRole('button', { name: 'Ouvrir menus-decembre.pdf' })).toBeVisible();
  const apresMessage = await detailGuichet(env, numero);
  const envoye = apresMessage.portail.messages.find((m) => m.sujet === 'Re : Question sur la cantine');
  expect(envoye?.sens).toBe('mairie');
  expect(envoye?.pieces.map((p) => p.nom)).toEqual(['menus-decembre.pdf']);

  // The citizen reads it: « Lu par l'usager » after a refresh.
  lireMessages(ctx, numero);
  await page.getByRole('button', { name: 'Rafraîchir' }).click();
  await expect(reponse).toContainText("Lu par l'usager le");
  await verifierAccessibilite(page, 'Portail — échanges');
  await photographier(page, '30-portail-echanges', reponse);

  // « Justificatifs »: open one, refuse it with a motif, ask for a correction.
  await onglet(page, /^Justificatifs/).click();
  let ligne = ligneJustificatif(page, justificatif.libelle);
  await expect(ligne).toContainText('Fourni');
  await ligne.getByRole('button', { name: /^Ouvrir/ }).click();
  await expect(page.locator('iframe[title^="Aperçu de"]')).toBeVisible();
  await page.getByRole('button', { name: "Fermer l'aperçu" }).click();
  await ligne.getByRole('button', { name: /^Invalide…/ }).click();
  const dialogueInvalide = page.getByRole('dialog', { name: /^Justificatif invalide/ });
  await dialogueInvalide.getByRole('button', { name: 'Marquer invalide' }).click();
  await expect(dialogueInvalide.getByLabel('Motif du refus (envoyé à l’usager)')).toBeFocused();
  await dialogueInvalide
    .getByLabel('Motif du refus (envoyé à l’usager)')
    .fill('Document illisible : la date n’apparaît pas.');
  await verifierAccessibilite(page, 'Portail — justificatif invalide');
  await dialogueInvalide.getByRole('button', { name: 'Marquer invalide' }).click();
  await expect(page.getByText(`Justificatif « ${justificatif.libelle} » marqué invalide.`)).toBeVisible({
    timeout: 30_000,
  });
  await expect(ligne).toContainText('Invalide');
  await expect(ligne).toContainText('Motif : Document illisible : la date n’apparaît pas.');
  expect(
    (await detailGuichet(env, numero)).portail.justificatifs.find((j) => j.id === justificatif.id),
  ).toMatchObject({ statut: 'invalide', motif: 'Document illisible : la date n’apparaît pas.' });

  await page.getByRole('button', { name: 'Demander une correction' }).click();
  const dialogueCorrection = page.getByRole('dialog', { name: 'Demander une correction' });
  const manque = dialogueCorrection.getByLabel(/^Ce qui manque/);
  await expect(manque).toHaveValue(/^Merci de fournir : /);
  expect(await manque.inputValue()).toContain(justificatif.libelle);
  await manque.fill(`Merci de fournir à nouveau « ${justificatif.libelle} », daté et lisible.`);
  await verifierAccessibilite(page, 'Portail — demander une correction');
  await dialogueCorrection.getByRole('button', { name: 'Demander la correction' }).click();
  await expect(page.getByText(/Correction demandée : la demande passe à « Incomplet »/)).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(async () => (await detailGuichet(env, numero)).etat).toBe(PORTAIL.incomplet);
  await expect(page.getByLabel('Résumé de la demande')).toContainText('Incomplet');
  await verifierAccessibilite(page, 'Portail — justificatifs');
  await photographier(page, '31-portail-justificatifs');

  // The citizen provides the file again: the demande is rectifiée, « À revoir » for the agent.
  fournir(ctx, numero, justificatif.id, {
    nom: 'attestation-caf-2.pdf',
    octets: await pdf('Attestation CAF datée'),
  });
  if ((await detailGuichet(env, numero)).etat !== PORTAIL.rectifie)
    rectifier(ctx, numero, 'Voici le document.');
  expect((await detailGuichet(env, numero)).etat).toBe(PORTAIL.rectifie);
  await synchroniser(page);
  await allerA(page, 'Télédossiers');
  await page.getByRole('button', { name: 'Réinitialiser' }).click();
  await page.getByRole('tab', { name: /^À revoir/ }).click();
  await page.getByLabel('Rechercher').fill(numero);
  await page.getByLabel('Rechercher').press('Enter');
  await expect(page.getByText('Nombre de télédossiers correspondant à la recherche : 1')).toBeVisible();
  const rectifiee = page.locator(`.grille-ligne[data-numero="${numero}"]`);
  await expect(rectifiee).toContainText('Rectifié');
  await rectifiee.getByRole('button', { name: numero }).click();
  await expect(page.getByRole('heading', { name: `Dossier ${numero}` })).toBeVisible();

  // The tab the dossier was left on comes back; the new file is valid.
  await expect(onglet(page, /^Justificatifs/)).toHaveAttribute('aria-selected', 'true');
  ligne = ligneJustificatif(page, justificatif.libelle);
  await expect(ligne).toContainText('attestation-caf-2.pdf');
  await ligne.getByRole('button', { name: /^Valide/ }).click();
  await expect(page.getByText(`Justificatif « ${justificatif.libelle} » marqué valide.`)).toBeVisible({
    timeout: 30_000,
  });
  await expect(ligne.locator('.badge')).toHaveText('Valide');
  expect(
    (await detailGuichet(env, numero)).portail.justificatifs.find((j) => j.id === justificatif.id)?.statut,
  ).toBe('valide');

  // « Rendez-vous »: cancel with a motif, then propose another slot.
  await onglet(page, /^Rendez-vous/).click();
  const rendezVous = page.getByRole('table', { name: /^Rendez-vous de la demande/ });
  const prevu = rendezVous
    .getByRole('row')
    .filter({ hasText: 'Remise des pièces' })
    .filter({ hasText: 'Planifié' });
  await prevu.getByRole('button', { name: /^Annuler le rendez-vous/ }).click();
  const dialogueRdv = page.getByRole('dialog', { name: /^Annuler le rendez-vous du/ });
  await dialogueRdv
    .getByLabel('Motif de l’annulation (envoyé à l’usager)')
    .fill('L’agent d’accueil est absent ce jour-là.');
  await dialogueRdv.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
  await expect(page.getByText(/Rendez-vous du .* annulé : l'usager est prévenu\./)).toBeVisible({
    timeout: 30_000,
  });
  await expect(rendezVous.getByRole('row').filter({ hasText: 'L’agent d’accueil est absent' })).toContainText(
    'Annulé',
  );
  const annule = (await detailGuichet(env, numero)).portail.rendezVous.find(
    (r) => r.objet === 'Remise des pièces',
  );
  expect(annule).toMatchObject({
    statut: 'annule',
    annulePar: 'mairie',
    motifAnnulation: 'L’agent d’accueil est absent ce jour-là.',
  });

  await page.getByRole('button', { name: 'Proposer un rendez-vous' }).click();
  const proposition = page.locator('section', {
    has: page.getByRole('heading', { name: 'Proposer un rendez-vous' }),
  });
  const jour = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  await proposition.getByLabel('Date').fill(jour);
  await proposition.getByLabel('Heure de début').fill('14:00');
  await proposition.getByLabel('Heure de fin').fill('14:30');
  await proposition.getByLabel('Lieu').fill('Mairie — bureau 2');
  await proposition.getByLabel('Objet').fill('Signature de la fiche enfant');
  await proposition.getByRole('button', { name: 'Proposer ce créneau' }).click();
  await expect(page.getByText("Rendez-vous proposé : l'usager est prévenu.")).toBeVisible({
    timeout: 30_000,
  });
  await expect(rendezVous.getByRole('row').filter({ hasText: 'Signature de la fiche enfant' })).toContainText(
    'Planifié',
  );
  await verifierAccessibilite(page, 'Portail — rendez-vous');
  await photographier(page, '32-portail-rendez-vous');

  // The decision: the comment's label follows the state; « Validé ».
  await page.getByLabel('Nouvel état du dossier').selectOption({ label: 'Rejeté' });
  await expect(page.getByLabel('Motif du rejet (envoyé à l’usager) (obligatoire)')).toBeVisible();
  await page.getByLabel('Nouvel état du dossier').selectOption({ label: 'Validé' });
  await page.getByLabel('Commentaire (facultatif)').fill('Fiche enfant validée. Bonne rentrée !');
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(page.getByText('Nouvel état envoyé : « Validé ».')).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await detailGuichet(env, numero)).etat).toBe(PORTAIL.valide);

  // « Historique »: every kind of event, typed in words.
  await onglet(page, 'Historique').click();
  const historique = page.getByRole('table', { name: /^Événements de la demande/ });
  await expect(historique.getByRole('row').filter({ hasText: 'Nouvel état : Validé' })).toContainText(
    'Opération',
  );
  await expect(
    historique.getByRole('row').filter({ hasText: 'Message de la mairie : Re : Question' }),
  ).toContainText('Échange');
  await expect(historique.getByRole('row').filter({ hasText: 'Justificatif valide' })).toContainText(
    'Pièce jointe',
  );
  await expect(historique.getByRole('row').filter({ hasText: 'Rendez-vous annulé' })).toContainText(
    'Rendez-vous',
  );
  await verifierAccessibilite(page, 'Portail — historique');
  await photographier(page, '33-portail-historique');
});

test('portail citoyen : hors ligne, le message attend dans la file d’attente puis part au retour', async ({
  page,
  env,
}) => {
  const numero = await demandeOuverte(env);
  await seConnecter(page, env, env.agent);
  await attendreFinSynchro(page);
  await allerA(page, 'Télédossiers');
  await page.getByRole('button', { name: 'Réinitialiser' }).click();
  await page.getByRole('tab', { name: /^Tous/ }).click();
  await page.getByLabel('Rechercher').fill(numero);
  await page.getByLabel('Rechercher').press('Enter');
  await page.locator(`.grille-ligne[data-numero="${numero}"]`).getByRole('button', { name: numero }).click();
  await onglet(page, /^Échanges/).click();

  await page.getByRole('button', { name: 'Travailler hors ligne' }).click();
  const formulaire = page.locator('section', { has: page.getByRole('heading', { name: 'Nouveau message' }) });
  await formulaire.getByLabel('Sujet').fill('Pièce manquante');
  await formulaire
    .getByLabel('Message', { exact: true })
    .fill('Merci de joindre votre justificatif de domicile.');
  await formulaire.getByRole('button', { name: 'Envoyer le message' }).click();
  await expect(
    page.getByText("Hors ligne : le message « Pièce manquante » est en file d'attente."),
  ).toBeVisible();
  const attente = page.locator('.message-attente');
  await expect(attente).toContainText('En attente d’envoi');
  await expect(attente).toContainText('Pièce manquante');

  await allerA(page, "File d'attente");
  // Other scenarios of this worker may leave their own refused actions there: only ours is followed.
  const file = page.getByRole('table', { name: "Actions de la file d'attente" });
  const notreMessage = file.getByRole('row').filter({ hasText: 'Pièce manquante' });
  await expect(notreMessage).toContainText('En attente d’envoi');
  await page.getByRole('button', { name: 'Se reconnecter' }).click();
  await expect(notreMessage).toHaveCount(0, { timeout: 30_000 });
  await expect
    .poll(async () =>
      (await detailGuichet(env, numero)).portail.messages.some((m) => m.sujet === 'Pièce manquante'),
    )
    .toBe(true);
});
