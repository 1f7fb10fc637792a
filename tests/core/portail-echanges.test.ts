import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lireMessages, repondre } from '../../src/server/usager/index.js';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { ouvrirApp, TOUT, type AppDeTest } from './aide/app.js';
import { PDF } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';
import { detail, PNG, soumettrePortail, usager, viderFile } from './aide/portail.js';

let guichet: GuichetDeTest;
let agent: Compte;
let collegue: ClientGuichet;
let app: AppDeTest;
let numeros: string[];

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(60, 'portail-echanges');
  agent = guichet.comptes().agent;
  collegue = await guichet.client(guichet.comptes().collegue);
  numeros = await soumettrePortail(guichet, agent, 4, 'portail-echanges');
  app = await ouvrirApp(dossierTemporaire(), guichet.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
}, 60_000);

afterAll(async () => {
  await app?.coeur.fermer();
  await guichet?.nettoyer();
});

async function ligne(numero: string) {
  const l = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { numeros: [numero] } });
  const e = l.elements[0];
  if (!e) throw new Error(`${numero} absent de la liste.`);
  return e;
}

describe('échanges avec l’usager', () => {
  it('un message de l’usager arrive par la synchro : notification, badge, filtre, recherche, lu', async () => {
    const { coeur, evenements } = app;
    const [numero, autre] = numeros as [string, string];
    const depart = evenements.length;
    repondre(usager(guichet), numero, {
      sujet: 'Question sur la cantine',
      texte: 'Bonjour, mon fils mange-t-il du pamplemousse le mardi ?',
    });
    repondre(usager(guichet), autre, { sujet: 'Horaires', texte: 'Quels sont vos horaires ?' });
    await coeur.appeler('synchro.lancer', {});

    const recus = evenements.slice(depart);
    const notification = recus.find((e) => e.nom === 'notification')?.donnees as
      { corps: string } | undefined;
    expect(notification?.corps).toContain(numero);
    expect(notification?.corps).toContain(autre);
    const changes = recus
      .filter((e) => e.nom === 'dossiers.changes')
      .flatMap((e) => (e.donnees as { numeros?: string[] }).numeros ?? []);
    expect(changes).toEqual(expect.arrayContaining([numero, autre]));

    expect((await ligne(numero)).messagesNonLus).toBe(1);
    const filtre = await coeur.appeler('dossiers.lister', { ...TOUT, filtre: { messagesNonLus: true } });
    expect(filtre.elements.map((e) => e.numero).sort()).toEqual([numero, autre].sort());
    const tableau = await coeur.appeler('tableauDeBord.lire', {});
    expect(tableau).toMatchObject({ messagesNonLus: 2, dossiersMessagesNonLus: 2 });

    // Full-text search finds a word of the message (accents and case aside).
    const trouves = await coeur.appeler('dossiers.lister', {
      ...TOUT,
      filtre: { recherche: 'PAMPLEMOUSSE' },
    });
    expect(trouves.elements.map((e) => e.numero)).toEqual([numero]);

    const d = await detail(coeur, numero);
    const message = d.portail?.messages.at(-1);
    expect(message).toMatchObject({ sens: 'usager', sujet: 'Question sur la cantine' });
    expect(d.messagesNonLus).toEqual([message?.id]);

    expect(await coeur.appeler('echanges.marquerLus', { numero })).toEqual({ nonLus: 0 });
    expect((await ligne(numero)).messagesNonLus).toBe(0);
    expect((await detail(coeur, numero)).messagesNonLus).toEqual([]);
    // Read on this workstation only: a new sync changes nothing.
    await coeur.appeler('synchro.lancer', {});
    expect((await ligne(numero)).messagesNonLus).toBe(0);
  });

  it("l'agent répond avec des pièces jointes : l'usager les reçoit, le fil est lu", async () => {
    const { coeur } = app;
    const numero = numeros[2]!;
    repondre(usager(guichet), numero, { sujet: 'Relance', texte: 'Avez-vous reçu mon dossier ?' });
    await coeur.appeler('synchro.lancer', {});
    expect((await ligne(numero)).messagesNonLus).toBe(1);

    const action = await coeur.appeler('echanges.envoyer', {
      numero,
      sujet: 'Dossier bien reçu',
      texte: 'Nous avons bien reçu votre dossier, voici le récépissé.',
      pieces: [
        { nom: 'recepisse.pdf', contenuBase64: PDF.toString('base64') },
        { nom: 'plan.png', contenuBase64: PNG.toString('base64') },
      ],
    });
    expect(action).toMatchObject({
      type: 'message',
      resume: 'Message « Dossier bien reçu » (2 pièces jointes)',
    });
    // Whoever answers has read the thread.
    expect((await ligne(numero)).messagesNonLus).toBe(0);
    await viderFile(coeur);

    const d = await detail(coeur, numero);
    const envoye = d.portail?.messages.at(-1);
    expect(envoye).toMatchObject({ sens: 'mairie', sujet: 'Dossier bien reçu', par: agent.identifiant });
    expect(envoye?.pieces.map((p) => [p.nom, p.type])).toEqual([
      ['recepisse.pdf', 'application/pdf'],
      ['plan.png', 'image/png'],
    ]);
    // On the guichet, once: the citizen reads it from the portal.
    const serveur = await collegue.appel('teledossier', { params: { numero } });
    expect(serveur.portail?.messages.filter((m) => m.sujet === 'Dossier bien reçu')).toHaveLength(1);
    expect(lireMessages(usager(guichet), numero)).toBeGreaterThan(0);

    // The agent opens his own attachment from the thread.
    const piece = envoye?.pieces[1];
    const ouverte = await coeur.appeler('echanges.ouvrirPiece', {
      numero,
      message: envoye?.id ?? '',
      fichier: piece?.id ?? '',
    });
    expect(ouverte).toMatchObject({ mode: 'apercu', type: 'image/png' });
  });

  it("un message de la mairie écrit ailleurs vaut lecture des messages de l'usager qui le précèdent", async () => {
    const { coeur } = app;
    const numero = numeros[3]!;
    repondre(usager(guichet), numero, { sujet: 'Premier', texte: 'Un.' });
    repondre(usager(guichet), numero, { sujet: 'Second', texte: 'Deux.' });
    await coeur.appeler('synchro.lancer', {});
    expect((await ligne(numero)).messagesNonLus).toBe(2);

    // A colleague answers from his own workstation.
    await collegue.envoyerMessage(
      numero,
      { sujet: 'Réponse', texte: 'Bien noté.', cle: 'collegue-reponse-1' },
      [],
    );
    await coeur.appeler('synchro.lancer', {});
    expect((await ligne(numero)).messagesNonLus).toBe(0);

    // A citizen message after that answer is unread again.
    repondre(usager(guichet), numero, { sujet: 'Troisième', texte: 'Trois.' });
    await coeur.appeler('synchro.lancer', {});
    expect((await ligne(numero)).messagesNonLus).toBe(1);
    expect((await detail(coeur, numero)).messagesNonLus).toHaveLength(1);
  });

  it('sans notifications dans les paramètres, la synchro ne notifie pas les messages', async () => {
    const { coeur, evenements } = app;
    await coeur.appeler('parametres.enregistrer', { notifications: false });
    const depart = evenements.length;
    repondre(usager(guichet), numeros[0]!, { sujet: 'Encore', texte: 'Silence.' });
    await coeur.appeler('synchro.lancer', {});
    expect(evenements.slice(depart).filter((e) => e.nom === 'notification')).toEqual([]);
    expect((await ligne(numeros[0]!)).messagesNonLus).toBe(1);
    await coeur.appeler('parametres.enregistrer', { notifications: true });
  });
});
