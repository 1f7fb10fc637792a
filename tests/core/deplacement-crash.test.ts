import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ouvrirApp, TOUT } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { cli, lancerCli } from './aide/cli.js';
import { dossierTemporaire, GuichetDeTest, type Compte } from './aide/guichet.js';

let guichet: GuichetDeTest;
let agent: Compte;
const donnees = dossierTemporaire('deplacement-');
const vers = path.join(dossierTemporaire('deplacement-vers-'), 'archives');

function fichiers(dossier: string, fin: string): string[] {
  if (!fs.existsSync(dossier)) return [];
  return (fs.readdirSync(dossier, { recursive: true }) as string[])
    .filter((f) => f.endsWith(fin))
    .map((f) => path.join(dossier, f));
}

function archivesDuStore(): { numero: string; chemin: string; sha256: string }[] {
  const [profil] = fs.readdirSync(path.join(donnees, 'profils'));
  const db = new Database(path.join(donnees, 'profils', profil!, 'store.sqlite'), { readonly: true });
  try {
    return (
      db
        .prepare(
          `SELECT d.numero, r.chemin AS racine, d.archive_chemin AS relatif, d.archive_local_sha256 AS sha256
           FROM dossiers d JOIN dossiers_archives r ON r.id = d.archive_racine WHERE d.archive_local_sha256 IS NOT NULL`,
        )
        .all() as { numero: string; racine: string; relatif: string; sha256: string }[]
    ).map((l) => ({ numero: l.numero, chemin: path.join(l.racine, l.relatif), sha256: l.sha256 }));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(300, 'deplacement');
  agent = guichet.comptes().agent;
  const app = await ouvrirApp(donnees, guichet.url, agent);
  await app.coeur.appeler('synchro.lancer', {});
  const { tacheId } = await app.coeur.appeler('archives.telecharger', { selection: { filtre: TOUT.filtre } });
  await attendre(
    () =>
      app.evenements.find(
        (e) => e.nom === 'archives.terminee' && (e.donnees as { tacheId: string }).tacheId === tacheId,
      ),
    120_000,
  );
  await app.coeur.fermer();
}, 180_000);

afterAll(async () => {
  await guichet?.nettoyer();
});

describe('déplacement du dossier des archives interrompu par kill -9', () => {
  it('ne perd ni ne duplique rien, et reprend jusqu’au bout', async () => {
    const avant = archivesDuStore();
    expect(avant.length).toBeGreaterThan(40);
    const ancien = path.dirname(path.dirname(path.dirname(avant[0]!.chemin)));
    const args = ['--guichet', guichet.url, '--identifiant', agent.identifiant, '--donnees', donnees];
    const env = { GUICHET_MOT_DE_PASSE: agent.motDePasse };
    const { enfant, fin } = lancerCli(['deplacer-archives', '--vers', vers, ...args], env);
    // Killed once a few archives have moved: in the middle, not before, not after.
    await attendre(() => fichiers(vers, '.zip').length >= 5, 60_000);
    enfant.kill('SIGKILL');
    await fin;

    // Right after the crash: each archive exists once, where the store says it is, intact.
    const apresCrash = archivesDuStore();
    expect(apresCrash.length).toBe(avant.length);
    for (const a of apresCrash) {
      expect(fs.existsSync(a.chemin), a.chemin).toBe(true);
      expect(createHash('sha256').update(fs.readFileSync(a.chemin)).digest('hex')).toBe(a.sha256);
    }
    const tous = [...fichiers(ancien, '.zip'), ...fichiers(vers, '.zip')].map((f) => path.basename(f));
    expect(new Set(tous).size).toBeLessThanOrEqual(tous.length);
    expect(tous.length - new Set(tous).size).toBeLessThanOrEqual(1); // at most the one being copied

    // Resumed: everything in the new folder, nothing left in the old one.
    const reprise = await cli(['deplacer-archives', '--vers', vers, ...args, '--json'], env);
    expect(reprise.code, reprise.stdout.slice(0, 2000)).toBe(0);
    const finales = archivesDuStore();
    expect(finales.map((a) => a.numero).sort()).toEqual(avant.map((a) => a.numero).sort());
    for (const a of finales) {
      expect(a.chemin.startsWith(vers)).toBe(true);
      expect(createHash('sha256').update(fs.readFileSync(a.chemin)).digest('hex')).toBe(a.sha256);
    }
    expect(fichiers(ancien, '.zip')).toEqual([]);
    expect(fichiers(vers, '.part')).toEqual([]);
    expect(fichiers(vers, '.zip').length).toBe(avant.length);
  }, 240_000);
});

describe('dossier des archives inutilisable', () => {
  it('un dossier en lecture seule ou inexistant sur un partage est refusé en français, rien ne change', async () => {
    const app = await ouvrirApp(dossierTemporaire('dossier-refuse-'), guichet.url, agent);
    try {
      const avant = (await app.coeur.appeler('parametres.lire', {})).dossierArchives;
      const lectureSeule = dossierTemporaire('lecture-seule-');
      fs.chmodSync(lectureSeule, 0o500);
      // root ignores permissions: a path under a regular file can never be created, by anyone.
      const fichier = path.join(lectureSeule, '..', `fichier-${Date.now()}`);
      fs.writeFileSync(fichier, 'x');
      for (const cible of [path.join(fichier, 'archives'), 'relatif/archives']) {
        await expect(
          app.coeur.appeler('parametres.enregistrer', { dossierArchives: cible }),
        ).rejects.toMatchObject({
          message: expect.stringMatching(/dossier des archives|chemin complet/) as unknown,
        });
        await expect(app.coeur.appeler('archives.deplacer', { vers: cible })).rejects.toMatchObject({
          message: expect.stringMatching(/dossier des archives|chemin complet/) as unknown,
        });
      }
      expect((await app.coeur.appeler('parametres.lire', {})).dossierArchives).toBe(avant);
    } finally {
      await app.coeur.fermer();
    }
  });
});
