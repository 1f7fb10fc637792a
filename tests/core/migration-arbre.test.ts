import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nettoyerNomDossier } from '../../src/main/archive/index.js';
import { ouvrirApp, TOUT } from './aide/app.js';
import { attendre } from './aide/attendre.js';
import { dossierTemporaire, GuichetDeTest } from './aide/guichet.js';

let guichet: GuichetDeTest;

beforeAll(async () => {
  guichet = await GuichetDeTest.creer(80, 'migration-arbre');
});
afterAll(async () => {
  await guichet?.nettoyer();
});

describe('store et arborescence de la version précédente', () => {
  it('sont migrés au démarrage, par renommage, sans rien retélécharger', async () => {
    const donnees = dossierTemporaire('migration-');
    const { agent } = guichet.comptes();
    let app = await ouvrirApp(donnees, guichet.url, agent);
    await app.coeur.appeler('synchro.lancer', {});
    const { tacheId } = await app.coeur.appeler('archives.telecharger', {
      selection: { filtre: TOUT.filtre },
    });
    await attendre(
      () =>
        app.evenements.find(
          (e) => e.nom === 'archives.terminee' && (e.donnees as { tacheId: string }).tacheId === tacheId,
        ),
      60_000,
    );
    const dossierArchives = (await app.coeur.appeler('parametres.lire', {})).dossierArchives;
    await app.coeur.fermer();

    // Back to what version 1 wrote: `<intitulé>/<AAAA-MM>/<numéro>.zip`, no archive folder recorded.
    const [profil] = fs.readdirSync(path.join(donnees, 'profils'));
    const db = new Database(path.join(donnees, 'profils', profil!, 'store.sqlite'));
    const lignes = db
      .prepare(
        `SELECT numero, demarche_intitule AS intitule, archive_chemin AS chemin, archive_local_sha256 AS sha256
         FROM dossiers WHERE archive_local_sha256 IS NOT NULL`,
      )
      .all() as { numero: string; intitule: string; chemin: string; sha256: string }[];
    expect(lignes.length).toBeGreaterThan(10);
    const anciens = new Map<string, string>();
    for (const l of lignes) {
      const ancien = `${nettoyerNomDossier(l.intitule)}/${l.chemin.split('/').slice(1).join('/')}`;
      fs.mkdirSync(path.dirname(path.join(dossierArchives, ancien)), { recursive: true });
      fs.renameSync(path.join(dossierArchives, l.chemin), path.join(dossierArchives, ancien));
      db.prepare('UPDATE dossiers SET archive_chemin = ?, archive_racine = NULL WHERE numero = ?').run(
        ancien,
        l.numero,
      );
      anciens.set(l.numero, l.chemin);
    }
    db.prepare("DELETE FROM meta WHERE cle = 'archives.arbre-code-demarche'").run();
    db.close();

    app = await ouvrirApp(donnees, guichet.url, agent);
    try {
      const db2 = new Database(path.join(donnees, 'profils', profil!, 'store.sqlite'), { readonly: true });
      const apres = db2
        .prepare(
          `SELECT d.numero, r.chemin AS racine, d.archive_chemin AS chemin FROM dossiers d
           JOIN dossiers_archives r ON r.id = d.archive_racine WHERE d.archive_local_sha256 IS NOT NULL`,
        )
        .all() as { numero: string; racine: string; chemin: string }[];
      db2.close();
      expect(apres.length).toBe(lignes.length);
      for (const a of apres) {
        expect(a.chemin).toBe(anciens.get(a.numero));
        expect(a.chemin.split('/')[0]).toMatch(/^[a-z0-9-]+$/);
        expect(fs.existsSync(path.join(a.racine, a.chemin))).toBe(true);
      }
      // Never checked yet, and the check is weekly by default: it runs by itself in the background.
      const controle = await attendre(
        () => app.evenements.find((e) => e.nom === 'verification.terminee'),
        60_000,
      );
      expect(controle.donnees).toMatchObject({
        controlees: lignes.length,
        intactes: lignes.length,
        manquantes: [],
        endommagees: [],
      });
      expect((await app.coeur.appeler('tableauDeBord.lire', {})).derniereVerification).not.toBeNull();
      // Nothing downloaded again: every archive is already there and verified.
      const { tacheId: t2 } = await app.coeur.appeler('archives.telecharger', {
        selection: { filtre: TOUT.filtre },
      });
      const fin = await attendre(
        () =>
          app.evenements.find(
            (e) => e.nom === 'archives.terminee' && (e.donnees as { tacheId: string }).tacheId === t2,
          ),
        60_000,
      );
      expect(fin.donnees).toMatchObject({ archives: 0, ignores: lignes.length, echecs: [] });
      const restes = (fs.readdirSync(dossierArchives, { recursive: true }) as string[]).filter((f) =>
        f.endsWith('.zip'),
      );
      expect(restes.length).toBe(lignes.length);
    } finally {
      await app.coeur.fermer();
    }
  }, 180_000);
});
