import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EcrivainDisque } from '../../src/main/archive/ecrivain-disque.js';

let dossier: string;
beforeEach(async () => {
  dossier = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-ecrivain-'));
});
afterEach(async () => {
  await fs.rm(dossier, { recursive: true, force: true });
});

describe('EcrivainDisque (écriture groupée, durable puis renommée)', () => {
  for (const [syncfs, fil] of [
    [true, true],
    [false, true],
    [true, false],
    [false, false],
  ] as const) {
    it(`écrit chaque archive sous son nom final, sans .part restant (syncfs ${syncfs ? 'groupé' : 'désactivé : fsync par fichier'}, ${fil ? 'fil dédié' : 'pool libuv'})`, async () => {
      const ecrivain = new EcrivainDisque({ syncfs, fil });
      const contenus = Array.from({ length: 40 }, () => randomBytes(5000));
      const signales: number[] = [];
      await Promise.all(
        contenus.map((donnees, i) =>
          ecrivain
            .ecrire({
              part: path.join(dossier, `${i}.zip.part`),
              final: path.join(dossier, `${i}.zip`),
              dossier,
              donnees,
              ajout: false,
            })
            // When the promise settles, the final file must already be there (rename before report).
            .then(async () => {
              expect((await fs.readFile(path.join(dossier, `${i}.zip`))).equals(donnees)).toBe(true);
              signales.push(i);
            }),
        ),
      );
      await ecrivain.terminer();
      expect(signales).toHaveLength(40);
      expect((await fs.readdir(dossier)).filter((n) => n.endsWith('.part'))).toEqual([]);
    });
  }

  it('arrivées en vagues pendant les flushs : chaque archive signalée une fois, renommée, rien en attente', async () => {
    // Parts arriving while a group is being flushed: that group's renames wait for the next
    // group's syncfs; every archive must still be reported, after its rename, exactly once.
    const ecrivain = new EcrivainDisque();
    const signales = new Set<number>();
    const promesses: Promise<void>[] = [];
    for (let vague = 0; vague < 8; vague++) {
      for (let j = 0; j < 25; j++) {
        const i = vague * 25 + j;
        const donnees = randomBytes(2000);
        promesses.push(
          ecrivain
            .ecrire({
              part: path.join(dossier, `${i}.zip.part`),
              final: path.join(dossier, `${i}.zip`),
              dossier,
              donnees,
              ajout: false,
            })
            .then(async () => {
              expect(signales.has(i)).toBe(false);
              expect((await fs.readFile(path.join(dossier, `${i}.zip`))).equals(donnees)).toBe(true);
              signales.add(i);
            }),
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await ecrivain.terminer();
    await Promise.all(promesses);
    expect(signales.size).toBe(200);
    expect((await fs.readdir(dossier)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('ajoute à un .part existant (reprise) puis le renomme', async () => {
    const ecrivain = new EcrivainDisque();
    const part = path.join(dossier, 'r.zip.part');
    await fs.writeFile(part, 'debut-');
    await ecrivain.ecrire({
      part,
      final: path.join(dossier, 'r.zip'),
      dossier,
      donnees: Buffer.from('fin'),
      ajout: true,
    });
    await ecrivain.terminer();
    expect(await fs.readFile(path.join(dossier, 'r.zip'), 'utf8')).toBe('debut-fin');
  });

  it.each([true, false])(
    'rejette avec le code ENOSPC quand le disque est plein, et retire le .part (fil %s)',
    async (fil) => {
      const ecrivain = new EcrivainDisque({ fil });
      const part = path.join(dossier, 'plein.zip.part');
      await fs.symlink('/dev/full', part);
      await expect(
        ecrivain.ecrire({
          part,
          final: path.join(dossier, 'plein.zip'),
          dossier,
          donnees: randomBytes(1000),
          ajout: false,
        }),
      ).rejects.toMatchObject({ code: 'ENOSPC' });
      await ecrivain.terminer();
      await expect(fs.lstat(part)).rejects.toThrow();
      await expect(fs.stat(path.join(dossier, 'plein.zip'))).rejects.toThrow();
    },
  );
});
