import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cheminArchive,
  telechargerArchives,
  type ElementArchive,
  type OptionsTelechargement,
  type ProgressionTelechargement,
  type SourceArchives,
} from '../../src/main/archive/index.js';
import { demarrerFixture, sha256, type ServeurFixture } from './serveur-fixture.js';

let serveur: ServeurFixture;
let dossier: string;
let compteur = 0;

beforeAll(async () => {
  serveur = await demarrerFixture();
});
afterAll(async () => {
  await serveur.fermer();
});
beforeEach(async () => {
  dossier = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-protocole-'));
  serveur.requetes.length = 0;
});
afterEach(async () => {
  await fs.rm(dossier, { recursive: true, force: true });
});

function source(jeton = 'jeton-1', renouveler?: () => Promise<void>): SourceArchives {
  return {
    urlArchive: (n) => `${serveur.url}/api/v1/teledossiers/${n}/archive`,
    entetes: async () => ({ authorization: `Bearer ${jeton}` }),
    ...(renouveler ? { renouveler } : {}),
  };
}

/** A fresh numéro and body registered on the fixture server. */
function nouvelElement(
  taille = 200_000,
  demarche = 'Inscription sur les listes électorales',
): { e: ElementArchive; corps: Buffer } {
  compteur++;
  const numero = `A-5-TEST${String(compteur).padStart(4, '0')}`;
  const corps = randomBytes(taille);
  return {
    e: { numero, demarche, deposeLe: '2026-11-03T10:00:00+01:00', sha256: sha256(corps), taille },
    corps,
  };
}

function options(elements: ElementArchive[], autres: Partial<OptionsTelechargement> = {}) {
  return {
    source: source(),
    elements,
    dossierArchives: dossier,
    concurrence: 4,
    pauseInitialeMs: 10,
    ...autres,
  };
}

const finalDe = (e: ElementArchive): string => path.join(dossier, ...cheminArchive(e).split('/'));

describe('telechargerArchives — protocole', () => {
  it('télécharge, vérifie, range par démarche/mois et rend compte de la progression', async () => {
    const lot = Array.from({ length: 12 }, () => nouvelElement(150_000));
    for (const { e, corps } of lot) serveur.definir(e.numero, { corps });
    const progressions: ProgressionTelechargement[] = [];
    const ecrites: string[] = [];
    const r = await telechargerArchives(
      options(
        lot.map((x) => x.e),
        { surProgression: (p) => progressions.push(p), surArchive: (a) => ecrites.push(a.numero) },
      ),
    );
    expect(r.echecs).toEqual([]);
    expect(r.annule).toBe(false);
    expect(r.archives).toHaveLength(12);
    for (const { e, corps } of lot) {
      expect(cheminArchive(e)).toBe(`Inscription sur les listes électorales/2026-11/${e.numero}.zip`);
      expect((await fs.readFile(finalDe(e))).equals(corps)).toBe(true);
    }
    expect(ecrites.sort()).toEqual(lot.map((x) => x.e.numero).sort());
    const derniere = progressions.at(-1)!;
    expect(derniere).toMatchObject({
      faits: 12,
      total: 12,
      ignores: 0,
      echecs: 0,
      octets: 12 * 150_000,
      resteSecondes: 0,
    });
    expect(progressions.some((p) => p.vitesse > 0)).toBe(true);
    // At least one event per finished file (written in groups), counts never go backwards.
    expect(progressions.filter((p) => p.faits > 0).length).toBeGreaterThanOrEqual(12);
    expect(progressions.every((p, i) => i === 0 || p.faits >= progressions[i - 1]!.faits)).toBe(true);
    const restes = await fs.readdir(path.dirname(finalDe(lot[0]!.e)));
    expect(restes.filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('détecte un serveur qui ment (octets altérés) : échec clair, ni .zip ni .part', async () => {
    const { e, corps } = nouvelElement();
    const altere = Buffer.from(corps);
    altere[1000] = altere[1000]! ^ 0xff;
    serveur.definir(e.numero, { corps, corpsServi: altere });
    const r = await telechargerArchives(options([e]));
    expect(r.archives).toEqual([]);
    expect(r.echecs).toEqual([
      { numero: e.numero, message: expect.stringMatching(/corrompue ou altérée.*SHA-256/) },
    ]);
    await expect(fs.stat(finalDe(e))).rejects.toThrow();
    await expect(fs.stat(`${finalDe(e)}.part`)).rejects.toThrow();
  });

  it("refuse dès l'en-tête une archive dont le Repr-Digest ou l'ETag diffère de l'empreinte attendue", async () => {
    const a = nouvelElement();
    const b = nouvelElement();
    serveur.definir(a.e.numero, {
      corps: a.corps,
      reprDigest: `sha-256=:${Buffer.alloc(32, 7).toString('base64')}:`,
    });
    serveur.definir(b.e.numero, { corps: b.corps, etag: `"${'ab'.repeat(32)}"` });
    const r = await telechargerArchives(options([a.e, b.e]));
    expect(r.echecs.map((x) => x.numero).sort()).toEqual([a.e.numero, b.e.numero].sort());
    for (const x of r.echecs)
      expect(x.message).toMatch(/a changé sur le guichet depuis la dernière synchronisation/);
    await expect(fs.stat(finalDe(a.e))).rejects.toThrow();
  });

  it('reprend avec Range + If-Range après une coupure réseau en plein corps', async () => {
    const { e, corps } = nouvelElement(500_000);
    serveur.definir(e.numero, { corps, couperApres: { octets: 300_000, fois: 1 } });
    const r = await telechargerArchives(options([e]));
    expect(r.echecs).toEqual([]);
    expect((await fs.readFile(finalDe(e))).equals(corps)).toBe(true);
    const vues = serveur.requetes.filter((q) => q.numero === e.numero);
    expect(vues).toHaveLength(2);
    const repris = Number(/^bytes=(\d+)-$/.exec(vues[1]!.range ?? '')?.[1]);
    expect(repris).toBeGreaterThan(0);
    expect(repris).toBeLessThanOrEqual(300_000);
    expect(vues[1]).toMatchObject({ ifRange: `"${e.sha256}"`, statut: 206 });
    // Network bytes for this archive: less than twice the size, the first part was reused.
    expect(vues[0]!.octetsEnvoyes + vues[1]!.octetsEnvoyes).toBeLessThan(corps.length + 300_000);
  });

  it('annulation : annule=true, .part conservé, puis reprise en 206 avec moins d’octets transférés', async () => {
    const lot = Array.from({ length: 3 }, () => nouvelElement(400_000));
    for (const { e, corps } of lot)
      serveur.definir(e.numero, { corps, bloquerApres: { octets: 250_000, fois: 1 } });
    const controleur = new AbortController();
    let octetsVus = 0;
    const r1 = await telechargerArchives(
      options(
        lot.map((x) => x.e),
        {
          signal: controleur.signal,
          surProgression: (p) => {
            octetsVus = p.octets;
            if (p.octets >= 3 * 250_000) controleur.abort();
          },
        },
      ),
    );
    expect(octetsVus).toBe(3 * 250_000);
    expect(r1).toMatchObject({ annule: true, archives: [], echecs: [] });
    for (const { e } of lot) expect((await fs.stat(`${finalDe(e)}.part`)).size).toBe(250_000);

    serveur.requetes.length = 0;
    const r2 = await telechargerArchives(options(lot.map((x) => x.e)));
    expect(r2.echecs).toEqual([]);
    expect(r2.archives).toHaveLength(3);
    for (const { e, corps } of lot) expect((await fs.readFile(finalDe(e))).equals(corps)).toBe(true);
    expect(serveur.requetes.every((q) => q.statut === 206 && q.range === 'bytes=250000-')).toBe(true);
    const transferes = serveur.requetes.reduce((s, q) => s + q.octetsEnvoyes, 0);
    expect(transferes).toBe(3 * 150_000);
  });

  it('un .part altéré sur le disque est détecté et le téléchargement recommence proprement', async () => {
    const { e, corps } = nouvelElement(300_000);
    serveur.definir(e.numero, { corps });
    await fs.mkdir(path.dirname(finalDe(e)), { recursive: true });
    const faux = Buffer.from(corps.subarray(0, 100_000));
    faux[10] = faux[10]! ^ 0x01;
    await fs.writeFile(`${finalDe(e)}.part`, faux);
    const r = await telechargerArchives(options([e]));
    expect(r.echecs).toEqual([]);
    expect((await fs.readFile(finalDe(e))).equals(corps)).toBe(true);
    expect(serveur.requetes.map((q) => [q.range, q.statut])).toEqual([
      ['bytes=100000-', 206],
      [undefined, 200],
    ]);
  });

  it('un serveur qui répond 200 à une requête Range : on repart de zéro sans mélanger', async () => {
    const { e, corps } = nouvelElement(300_000);
    serveur.definir(e.numero, { corps, ignorerRange: true });
    await fs.mkdir(path.dirname(finalDe(e)), { recursive: true });
    await fs.writeFile(`${finalDe(e)}.part`, corps.subarray(0, 120_000));
    const r = await telechargerArchives(options([e]));
    expect(r.echecs).toEqual([]);
    expect((await fs.readFile(finalDe(e))).equals(corps)).toBe(true);
    expect(serveur.requetes).toHaveLength(1);
    expect(serveur.requetes[0]).toMatchObject({ range: 'bytes=120000-', statut: 200 });
  });

  it('404 : « supprimé du guichet », sans nouvel essai ; 5xx : nouveaux essais puis succès ou échec', async () => {
    const absent = nouvelElement();
    const instable = nouvelElement();
    const panne = nouvelElement();
    serveur.definir(instable.e.numero, { corps: instable.corps, statutsAvant: [503, 502] });
    serveur.definir(panne.e.numero, { corps: panne.corps, statutsAvant: [500, 500, 500, 500, 500, 500] });
    const r = await telechargerArchives({ ...options([absent.e, instable.e, panne.e]), tentatives: 3 });
    expect(r.archives.map((a) => a.numero)).toEqual([instable.e.numero]);
    const parNumero = Object.fromEntries(r.echecs.map((x) => [x.numero, x.message]));
    expect(parNumero[absent.e.numero]).toMatch(/supprimé du guichet/);
    expect(parNumero[panne.e.numero]).toMatch(/momentanément indisponible \(HTTP 500\)/);
    const nb = (n: string): number => serveur.requetes.filter((q) => q.numero === n).length;
    expect([nb(absent.e.numero), nb(instable.e.numero), nb(panne.e.numero)]).toEqual([1, 3, 3]);
  });

  it('401 : renouvelle la session une seule fois pour tout le lot, puis réessaie', async () => {
    const lot = Array.from({ length: 6 }, () => nouvelElement(50_000));
    for (const { e, corps } of lot) serveur.definir(e.numero, { corps, jeton: 'jeton-2' });
    let jeton = 'perime';
    let renouvellements = 0;
    const src: SourceArchives = {
      urlArchive: (n) => `${serveur.url}/api/v1/teledossiers/${n}/archive`,
      entetes: async () => ({ authorization: `Bearer ${jeton}` }),
      renouveler: async () => {
        renouvellements++;
        await new Promise((r) => setTimeout(r, 30));
        jeton = 'jeton-2';
      },
    };
    const r = await telechargerArchives({ ...options(lot.map((x) => x.e)), source: src });
    expect(r.echecs).toEqual([]);
    expect(r.archives).toHaveLength(6);
    expect(renouvellements).toBe(1);

    const seul = nouvelElement();
    serveur.definir(seul.e.numero, { corps: seul.corps, jeton: 'jamais' });
    const r2 = await telechargerArchives(options([seul.e]));
    expect(r2.echecs[0]?.message).toMatch(/Session expirée/);
  });

  it('ignore ce qui est déjà archivé (dejaArchive, ou fichier final au bon SHA-256) et remplace un fichier faux', async () => {
    const deja = nouvelElement();
    const present = nouvelElement();
    const faux = nouvelElement();
    for (const x of [deja, present, faux]) serveur.definir(x.e.numero, { corps: x.corps });
    for (const [x, contenu] of [
      [present, present.corps],
      [faux, Buffer.from('pas la bonne archive')],
    ] as const) {
      await fs.mkdir(path.dirname(finalDe(x.e)), { recursive: true });
      await fs.writeFile(finalDe(x.e), contenu);
    }
    const signales: string[] = [];
    const r = await telechargerArchives(
      options([deja.e, present.e, faux.e], {
        dejaArchive: (n, s) => n === deja.e.numero && s === deja.e.sha256,
        surArchive: (a) => signales.push(a.numero),
      }),
    );
    expect(r.ignores).toBe(2);
    expect(r.archives.map((a) => a.numero)).toEqual([faux.e.numero]);
    expect(serveur.requetes.map((q) => q.numero)).toEqual([faux.e.numero]);
    expect((await fs.readFile(finalDe(faux.e))).equals(faux.corps)).toBe(true);
    expect(signales.sort()).toEqual([present.e.numero, faux.e.numero].sort());
  });

  it('refuse un numéro invalide et neutralise une démarche hostile dans le chemin', async () => {
    const hostile = nouvelElement(10_000, '../../..\\CON:<x>|\u0000');
    serveur.definir(hostile.e.numero, { corps: hostile.corps });
    const invalide: ElementArchive = { ...hostile.e, numero: '../../etc/passwd' };
    const r = await telechargerArchives(options([invalide, hostile.e]));
    expect(r.echecs).toEqual([
      { numero: '../../etc/passwd', message: expect.stringMatching(/Numéro de télédossier invalide/) },
    ]);
    expect(r.archives[0]?.cheminRelatif).toBe(`______CON__x___/2026-11/${hostile.e.numero}.zip`);
    expect(finalDe(hostile.e).startsWith(dossier + path.sep)).toBe(true);
    expect(() => cheminArchive(invalide)).toThrow(/Numéro de télédossier invalide/);
    expect(cheminArchive({ ...hostile.e, demarche: 'aux' })).toBe(`_aux/2026-11/${hostile.e.numero}.zip`);
    expect(cheminArchive({ ...hostile.e, demarche: '..' })).toBe(`_/2026-11/${hostile.e.numero}.zip`);
  });

  it('disque plein (ENOSPC) : message clair, .part retiré, archives existantes intactes', async () => {
    const ok = nouvelElement(20_000);
    const plein = nouvelElement(20_000);
    for (const x of [ok, plein]) serveur.definir(x.e.numero, { corps: x.corps });
    const r0 = await telechargerArchives(options([ok.e]));
    expect(r0.archives).toHaveLength(1);
    // The part of `plein` is a link to /dev/full: every write there fails with ENOSPC.
    await fs.symlink('/dev/full', `${finalDe(plein.e)}.part`);
    const r = await telechargerArchives(options([plein.e, ok.e]));
    expect(r.archives).toEqual([]);
    expect(r.ignores).toBe(1);
    expect(r.echecs).toEqual([
      { numero: plein.e.numero, message: expect.stringMatching(/^Disque plein : .*Libérez de la place/) },
    ]);
    await expect(fs.lstat(`${finalDe(plein.e)}.part`)).rejects.toThrow();
    await expect(fs.stat(finalDe(plein.e))).rejects.toThrow();
    expect((await fs.readFile(finalDe(ok.e))).equals(ok.corps)).toBe(true);
  });

  it('disque plein sur une grosse archive (écriture en continu) : même message, lot arrêté', async () => {
    const grosse = nouvelElement(3_000_000);
    const suivante = nouvelElement(20_000);
    for (const x of [grosse, suivante]) serveur.definir(x.e.numero, { corps: x.corps });
    await fs.mkdir(path.dirname(finalDe(grosse.e)), { recursive: true });
    await fs.symlink('/dev/full', `${finalDe(grosse.e)}.part`);
    const r = await telechargerArchives(options([grosse.e, suivante.e], { concurrence: 1 }));
    expect(r.archives).toEqual([]);
    expect(r.echecs).toEqual([
      { numero: grosse.e.numero, message: expect.stringMatching(/^Disque plein : /) },
      { numero: suivante.e.numero, message: expect.stringMatching(/disque .* est plein/) },
    ]);
    await expect(fs.lstat(`${finalDe(grosse.e)}.part`)).rejects.toThrow();
    expect(serveur.requetes.map((q) => q.numero)).toEqual([grosse.e.numero]);
  });

  it('arrête un corps plus long que la taille attendue, annoncé (Content-Length) ou non (chunked)', async () => {
    const annonce = nouvelElement(100_000);
    const cache = nouvelElement(100_000);
    const trop = (corps: Buffer): Buffer => Buffer.concat([corps, randomBytes(5_000_000)]);
    serveur.definir(annonce.e.numero, {
      corps: annonce.corps,
      corpsServi: trop(annonce.corps),
      etag: null,
      reprDigest: null,
    });
    serveur.definir(cache.e.numero, {
      corps: cache.corps,
      corpsServi: trop(cache.corps),
      etag: null,
      reprDigest: null,
      sansLongueur: true,
    });
    const r = await telechargerArchives(options([annonce.e, cache.e]));
    const parNumero = Object.fromEntries(r.echecs.map((x) => [x.numero, x.message]));
    expect(parNumero[annonce.e.numero]).toMatch(/a changé sur le guichet/);
    expect(parNumero[cache.e.numero]).toMatch(/corrompue ou altérée/);
    for (const x of [annonce, cache]) await expect(fs.stat(`${finalDe(x.e)}.part`)).rejects.toThrow();
  });
});
