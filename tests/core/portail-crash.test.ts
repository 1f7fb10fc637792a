import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { PORTAIL } from '../../src/shared/workflow/index.js';
import { ouvrirApp } from './aide/app.js';
import { attendre, PDF } from './aide/attendre.js';
import { cli, lancerCli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';
import { detail, soumettrePortail } from './aide/portail.js';

let guichet: GuichetDeTest;
let agent: Compte;
let collegue: ClientGuichet;
let numeros: string[];

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(40, 'portail-crash');
  agent = guichet.comptes().agent;
  collegue = await guichet.client(guichet.comptes().collegue);
  numeros = await soumettrePortail(guichet, agent, 16, 'portail-crash');
}, 60_000);

afterAll(async () => {
  await guichet?.nettoyer();
});

function lireStore<T>(fichier: string, f: (db: Database.Database) => T): T {
  const db = new Database(fichier, { readonly: true, fileMustExist: true });
  try {
    return f(db);
  } finally {
    db.close();
  }
}

describe('échanges hors ligne rejoués exactement une fois malgré un kill -9', () => {
  it('messages, décisions et changements d’état chaînés : une fois chacun sur le guichet', async () => {
    const donnees = dossierTemporaire();
    const app = await ouvrirApp(donnees, guichet.url, agent);
    await app.coeur.appeler('synchro.lancer', {});

    // Queued offline: a message with an attachment, a decision on the file the agent saw, then a
    // state change whose revision must follow the two before it.
    await guichet.arreter();
    await app.coeur.appeler('synchro.lancer', {}).catch(() => undefined);
    const attendu = new Map<string, { sujet: string; justificatif: string | null }>();
    for (const numero of numeros) {
      const d = await detail(app.coeur, numero);
      const j = d.portail?.justificatifs.find((x) => x.fichier !== null && x.statut === 'fourni');
      const sujet = `Hors ligne ${numero}`;
      await app.coeur.appeler('echanges.envoyer', {
        numero,
        sujet,
        texte: 'Écrit sans réseau.',
        pieces: [{ nom: 'courrier.pdf', contenuBase64: PDF.toString('base64') }],
      });
      if (j) await app.coeur.appeler('justificatifs.decider', { numero, id: j.id, statut: 'valide' });
      await app.coeur.appeler('actions.changerEtat', { numero, etat: PORTAIL.enTraitement });
      attendu.set(numero, { sujet, justificatif: j?.id ?? null });
    }
    const file = await app.coeur.appeler('fileAttente.lister', {});
    const total = file.actions.length;
    expect(total).toBeGreaterThanOrEqual(numeros.length * 2);
    expect(file.actions.every((a) => a.resume)).toBe(true);
    await app.coeur.fermer();
    await guichet.demarrer();

    const store = path.join(donnees, 'profils', app.profilId, 'store.sqlite');
    const envoyees = () =>
      lireStore(
        store,
        (db) =>
          (db.prepare("SELECT count(*) AS n FROM actions WHERE statut = 'envoyee'").get() as { n: number }).n,
      );

    // The first message goes out as a crash would leave it: applied by the guichet, never
    // acknowledged here (same key, read from the store as the replay will).
    const premier = lireStore(
      store,
      (db) =>
        db
          .prepare("SELECT numeros_json, cles_json FROM actions WHERE type = 'message' ORDER BY seq LIMIT 1")
          .get() as {
          numeros_json: string;
          cles_json: string;
        },
    );
    const n0 = (JSON.parse(premier.numeros_json) as string[])[0]!;
    await collegue.envoyerMessage(
      n0,
      {
        sujet: attendu.get(n0)!.sujet,
        texte: 'Écrit sans réseau.',
        cle: (JSON.parse(premier.cles_json) as string[])[0]!,
      },
      [{ nom: 'courrier.pdf', type: 'application/pdf', contenu: PDF }],
    );

    const args = [
      'rejouer',
      '--guichet',
      guichet.url,
      '--identifiant',
      agent.identifiant,
      '--donnees',
      donnees,
      '--json',
    ];
    const env = { GUICHET_MOT_DE_PASSE: agent.motDePasse };
    const enfant = lancerCli(args, env);
    await attendre(() => envoyees() >= 3, 60_000);
    enfant.enfant.kill('SIGKILL');
    const tue = await enfant.fin;
    expect(tue.code).toBeNull();
    expect(envoyees()).toBeLessThan(total);

    const reprise = await cli(args, env);
    expect(reprise.code, reprise.stderr).toBe(0);
    expect(reprise.json).toMatchObject({ ok: true, enAttente: 0, conflit: 0, refusee: 0 });
    expect(envoyees()).toBe(total);

    for (const [numero, { sujet, justificatif }] of attendu) {
      const d = await collegue.appel('teledossier', { params: { numero } });
      expect(
        d.portail?.messages.filter((m) => m.sujet === sujet),
        numero,
      ).toHaveLength(1);
      if (justificatif)
        expect(d.portail?.justificatifs.find((j) => j.id === justificatif)?.statut, numero).toBe('valide');
      expect(d.etat, numero).toBe(PORTAIL.enTraitement);
      expect(
        d.historique.filter((h) => h.etat === PORTAIL.enTraitement),
        numero,
      ).toHaveLength(1);
    }
    // The copies of the attachments are gone once the guichet has them.
    const pieces = path.join(donnees, 'profils', app.profilId, 'pieces');
    expect(fs.existsSync(pieces) ? fs.readdirSync(pieces) : []).toEqual([]);
  }, 120_000);
});
