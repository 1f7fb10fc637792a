import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ouvrirBase } from '../../src/server/db/connexion.js';
import { MIGRATIONS } from '../../src/server/db/migrations/index.js';
import { creerDepots } from '../../src/server/db/depots.js';
import { decoderCurseur, encoderCurseur } from '../../src/server/dossiers/curseur.js';
import { nettoyerNomFichier } from '../../src/server/dossiers/nomFichier.js';
import { analyserPlage } from '../../src/server/archive/plages.js';
import { formatReconnu } from '../../src/server/dossiers/formats.js';
import { seed } from '../../src/server/index.js';
import { servicesDemo } from '../../src/server/demo/index.js';
import { dossierTemporaire } from './aides.js';

const dir = dossierTemporaire('guichet-base-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('base SQLite', () => {
  it('applique les migrations dans l’ordre, une fois, et enregistre la version', () => {
    const fichier = path.join(dir, 'm.db');
    const db = ouvrirBase(fichier);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    db.close();
    // Reopening does not re-run anything (would fail on CREATE TABLE).
    ouvrirBase(fichier).close();
    const futur = ouvrirBase(fichier);
    futur.pragma('user_version = 99');
    futur.close();
    expect(() => ouvrirBase(fichier)).toThrow(/plus récente/);
  });

  it('les listes utilisent leurs index (EXPLAIN QUERY PLAN)', async () => {
    const fichier = path.join(dir, 'p.db');
    await seed({ db: fichier, dossiers: 20, graine: 'plan' });
    const db = ouvrirBase(fichier);
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((l) => l.detail)
        .join(' | ');
    expect(plan('SELECT * FROM dossiers WHERE service_id = 1 AND seq > 0 ORDER BY seq LIMIT 10')).toContain(
      'dossiers_seq',
    );
    expect(
      plan('SELECT * FROM suppressions WHERE service_id = 1 AND seq > 0 ORDER BY seq LIMIT 10'),
    ).toContain('suppressions_seq');
    expect(
      plan(
        'SELECT * FROM dossiers d WHERE d.service_id = 1 AND d.clos_le IS NULL ORDER BY d.depose_le DESC LIMIT 25',
      ),
    ).toContain('dossiers_ouverts');
    expect(
      plan('SELECT count(*) FROM dossiers d WHERE d.service_id = 1 AND d.clos_le IS NULL AND d.etat = 15'),
    ).toContain('dossiers_ouverts_etat');
    expect(plan('SELECT id FROM dossiers WHERE depose_le <= 0 ORDER BY depose_le LIMIT 10')).toContain(
      'dossiers_depose',
    );
    // Identical pièces justificatives are stored once.
    const d = creerDepots(db);
    const refs = (db.prepare('SELECT count(*) AS n FROM dossiers_fichiers').get() as { n: number }).n;
    const blobs = (db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n;
    expect(refs).toBeGreaterThan(blobs);
    expect(d.dossiers.compter()).toBe(20);
    db.close();
  });
});

describe('seed', () => {
  it('met tous les dossiers dans un service quand on le demande', async () => {
    const fichier = path.join(dir, 's.db');
    const code = servicesDemo('service').at(-1)!.codeInsee;
    await seed({ db: fichier, dossiers: 12, graine: 'service', codeInsee: code });
    await expect(seed({ db: fichier, dossiers: 1, codeInsee: '00000' })).rejects.toThrow(/inconnu/);
    const db = ouvrirBase(fichier);
    const lignes = db
      .prepare(
        'SELECT s.code_insee AS code, count(*) AS n FROM dossiers d JOIN services s ON s.id = d.service_id GROUP BY 1',
      )
      .all();
    expect(lignes).toEqual([{ code, n: 12 }]);
    db.close();
  });
});

describe('utilitaires', () => {
  it('curseur opaque : aller-retour, refus des curseurs fabriqués', () => {
    expect(decoderCurseur(encoderCurseur(1234))).toBe(1234);
    expect(decoderCurseur('')).toBe(0);
    expect(() => decoderCurseur(Buffer.from('v1.-3').toString('base64url'))).toThrow();
    expect(() => decoderCurseur('%%%')).toThrow();
  });

  it('noms de fichiers sûrs', () => {
    expect(nettoyerNomFichier('../../etc/passwd')).toBe('passwd');
    expect(nettoyerNomFichier('C:\\Users\\x\\lettre.pdf')).toBe('lettre.pdf');
    expect(nettoyerNomFichier('...')).toBe('fichier');
    expect(nettoyerNomFichier('a\u0000b<c>.pdf')).toBe('a_b_c_.pdf');
    expect(nettoyerNomFichier(`${'x'.repeat(300)}.pdf`)).toMatch(/^x{116}\.pdf$/);
  });

  it('plages d’octets et formats reconnus par leur contenu', () => {
    expect(analyserPlage('bytes=0-9', 100)).toEqual({ debut: 0, fin: 9 });
    expect(analyserPlage('bytes=90-', 100)).toEqual({ debut: 90, fin: 99 });
    expect(analyserPlage('bytes=-10', 100)).toEqual({ debut: 90, fin: 99 });
    expect(analyserPlage('bytes=100-', 100)).toBe('insatisfiable');
    expect(analyserPlage('bytes=0-1,5-6', 100)).toBeNull();
    expect(analyserPlage('items=0-1', 100)).toBeNull();
    expect(formatReconnu(Buffer.from('%PDF-1.7\n...\n%%EOF\n'), ['application/pdf'])).toBe('application/pdf');
    expect(formatReconnu(Buffer.from('%PDF-1.7\n... pas de fin'), ['application/pdf'])).toBeNull();
    expect(formatReconnu(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), ['application/pdf', 'image/jpeg'])).toBe(
      'image/jpeg',
    );
  });
});
