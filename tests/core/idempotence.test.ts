import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientGuichet } from '../../src/main/guichet-client/index.js';
import { ouvrirApp, TOUT } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { cli, lancerCli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';

let guichet: GuichetDeTest;
let agent: Compte;
let collegue: ClientGuichet;

/** Two chained transitions per dossier (the second depends on the revision the first produces). */
const SUIVANT: Record<number, number> = { 5: 15, 15: 16, 16: 17, 17: 16 };

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(400, 'idempotence');
  const comptes = guichet.comptes();
  agent = comptes.agent;
  collegue = await guichet.client(comptes.collegue);
});

afterAll(async () => {
  await guichet?.nettoyer();
});

describe('idempotence du rejeu', () => {
  it('un rejeu tué par SIGKILL puis relancé applique chaque action exactement une fois', async () => {
    const donnees = dossierTemporaire();
    const app = await ouvrirApp(donnees, guichet.url, agent);
    await app.coeur.appeler('synchro.lancer', {});
    const liste = await app.coeur.appeler('dossiers.lister', { ...TOUT, filtre: { supprimes: 'exclure' } });
    const cibles = liste.elements.filter((e) => e.etat !== null && SUIVANT[e.etat] !== undefined);
    expect(cibles.length).toBeGreaterThan(30);

    // Queue offline: nothing leaves before the child process replays.
    await guichet.arreter();
    await app.coeur.appeler('synchro.lancer', {}).catch(() => undefined);
    const attendu = new Map<string, string[]>();
    for (const d of cibles) {
      const e1 = SUIVANT[d.etat!]!;
      const e2 = SUIVANT[e1]!;
      const c1 = `crash ${d.numero} 1`;
      const c2 = `crash ${d.numero} 2`;
      await app.coeur.appeler('actions.changerEtat', { numero: d.numero, etat: e1, commentaire: c1 });
      await app.coeur.appeler('actions.changerEtat', { numero: d.numero, etat: e2, commentaire: c2 });
      attendu.set(d.numero, [c1, c2]);
    }
    const total = cibles.length * 2;
    await app.coeur.fermer();
    await guichet.demarrer();

    // The child replays; we kill it with SIGKILL once part of the queue is acknowledged.
    const fichierStore = path.join(donnees, 'profils', app.profilId, 'store.sqlite');
    const envoyees = () => {
      const db = new Database(fichierStore, { readonly: true, fileMustExist: true });
      try {
        return (
          db.prepare("SELECT count(*) AS n FROM actions WHERE statut = 'envoyee'").get() as { n: number }
        ).n;
      } finally {
        db.close();
      }
    };
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
    const premier = lancerCli(args, env);
    await attendre(() => envoyees() >= 10, 60_000);
    premier.enfant.kill('SIGKILL');
    const fin = await premier.fin;
    expect(fin.code).toBeNull(); // killed, not exited
    const avantReprise = envoyees();
    expect(avantReprise).toBeLessThan(total);

    const second = await cli(args, env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.json).toMatchObject({ ok: true, enAttente: 0, conflit: 0, refusee: 0 });
    expect(envoyees()).toBe(total);

    // On the guichet: every comment exactly once, and the final state is the second transition.
    for (const [numero, commentaires] of attendu) {
      const d = await collegue.appel('teledossier', { params: { numero } });
      for (const c of commentaires) {
        expect(
          d.historique.filter((h) => h.commentaire === c),
          `${numero} ${c}`,
        ).toHaveLength(1);
      }
      expect(d.dernierCommentaire).toBe(commentaires[1]);
    }
  });
});
