import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cheminArchive,
  telechargerArchives,
  type ElementArchive,
  type OptionsAvancees,
  type OptionsTelechargement,
} from '../../src/main/archive/index.js';
import { attendre } from '../core/aide/attendre.js';
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
  dossier = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-hostile-'));
  serveur.requetes.length = 0;
});
afterEach(async () => {
  await fs.rm(dossier, { recursive: true, force: true });
});

function nouvelElement(taille: number, tailleAnnoncee = taille): { e: ElementArchive; corps: Buffer } {
  compteur++;
  const numero = `A-5-HOST${String(compteur).padStart(4, '0')}`;
  const corps = randomBytes(taille);
  const e = {
    numero,
    demarche: 'Inscription sur les listes électorales',
    deposeLe: '2026-11-03T10:00:00+01:00',
    sha256: sha256(corps),
    taille: tailleAnnoncee,
  };
  return { e, corps };
}

function options(
  elements: ElementArchive[],
  autres: Partial<OptionsTelechargement> & OptionsAvancees = {},
): OptionsTelechargement & OptionsAvancees {
  return {
    source: {
      urlArchive: (n) => `${serveur.url}/api/v1/teledossiers/${n}/archive`,
      entetes: async () => ({}),
    },
    elements,
    dossierArchives: dossier,
    concurrence: 2,
    pauseInitialeMs: 10,
    ...autres,
  };
}

const finalDe = (e: ElementArchive): string => path.join(dossier, ...cheminArchive(e).split('/'));
const existe = (f: string): Promise<boolean> =>
  fs.stat(f).then(
    () => true,
    () => false,
  );
const requetesDe = (numero: string) => serveur.requetes.filter((q) => q.numero === numero);

const CONSEIL_TAILLE =
  "Si cette archive est légitime, augmentez « Taille maximale d'une archive (Mo) » dans Paramètres puis relancez l'archivage.";

describe('telechargerArchives — guichet lent', () => {
  it('une réponse au goutte-à-goutte est abandonnée (débit minimal), réessayée, puis nommée en échec', async () => {
    const { e, corps } = nouvelElement(50_000);
    serveur.definir(e.numero, { corps, goutte: { octets: 1, intervalleMs: 20, fois: 99 } });
    const r = await telechargerArchives(
      options([e], { tentatives: 2, debitMinOctetsParSeconde: 8192, fenetreDebitMs: 400 }),
    );
    expect(r.archives).toEqual([]);
    expect(r.echecs).toEqual([
      {
        numero: e.numero,
        message: `Archive ${e.numero} : le guichet l'envoie trop lentement (moins de 8 Ko/s en moyenne sur 0,4 s) ; téléchargement interrompu. Vérifiez la connexion puis relancez l'archivage.`,
      },
    ]);
    expect(requetesDe(e.numero)).toHaveLength(2);
    expect(await existe(finalDe(e))).toBe(false);
  });

  it('après un abandon pour lenteur, le nouvel essai reprend la partie reçue (Range) et aboutit', async () => {
    const { e, corps } = nouvelElement(50_000);
    serveur.definir(e.numero, { corps, goutte: { octets: 1, intervalleMs: 20, fois: 1 } });
    const r = await telechargerArchives(
      options([e], { tentatives: 2, debitMinOctetsParSeconde: 8192, fenetreDebitMs: 400 }),
    );
    expect(r.echecs).toEqual([]);
    expect(r.archives.map((a) => a.numero)).toEqual([e.numero]);
    expect((await fs.readFile(finalDe(e))).equals(corps)).toBe(true);
    const [premiere, seconde] = requetesDe(e.numero);
    expect(premiere?.range).toBeUndefined();
    const debut = Number(/^bytes=(\d+)-$/.exec(seconde?.range ?? '')?.[1]);
    // What trickled in before the abort was kept: the second attempt asks only for the rest.
    expect(debut).toBeGreaterThan(0);
    expect(debut).toBeLessThan(corps.length);
  });

  it("un guichet qui n'envoie même pas l'en-tête est abandonné à l'échéance, et nommé", async () => {
    const { e, corps } = nouvelElement(10_000);
    serveur.definir(e.numero, { corps, muetAvantEntete: { fois: 99 } });
    const r = await telechargerArchives(options([e], { tentatives: 2, delaiEnteteMs: 200 }));
    expect(r.echecs).toEqual([
      {
        numero: e.numero,
        message: `Archive ${e.numero} : le guichet n'a pas commencé à répondre dans les 0,2 s ; téléchargement interrompu. Vérifiez la connexion puis relancez l'archivage.`,
      },
    ]);
    expect(requetesDe(e.numero)).toHaveLength(2);
  });
});

describe('telechargerArchives — Retry-After', () => {
  it('Retry-After: 999999 sur un 503 est plafonné par la politique : nouvel essai, puis succès', async () => {
    const { e, corps } = nouvelElement(20_000);
    serveur.definir(e.numero, { corps, statutsAvant: [503], retryAfter: '999999' });
    // Obeyed without a cap, this wait would outlast the test's timeout.
    const r = await telechargerArchives(options([e], { retryAfterMaxMs: 200 }));
    expect(r.echecs).toEqual([]);
    expect(r.archives.map((a) => a.numero)).toEqual([e.numero]);
    expect(requetesDe(e.numero).map((q) => q.statut)).toEqual([503, 200]);
  });

  it('« Annuler » pendant une attente Retry-After termine le lot aussitôt (annulé, sans échec)', async () => {
    const { e, corps } = nouvelElement(20_000);
    const suivant = nouvelElement(20_000);
    serveur.definir(e.numero, { corps, statutsAvant: [503], retryAfter: '999999' });
    serveur.definir(suivant.e.numero, { corps: suivant.corps });
    const abandon = new AbortController();
    // A cap longer than the test's timeout: only the cancellation can end this wait in time.
    const lot = telechargerArchives(
      options([e, suivant.e], { concurrence: 1, retryAfterMaxMs: 10 * 60_000, signal: abandon.signal }),
    );
    await attendre(() => requetesDe(e.numero)[0]?.statut === 503);
    abandon.abort();
    const r = await lot;
    expect(r.annule).toBe(true);
    expect(r.echecs).toEqual([]);
    expect(r.archives).toEqual([]);
    expect(requetesDe(e.numero)).toHaveLength(1);
    expect(requetesDe(suivant.e.numero)).toHaveLength(0);
  });
});

describe('telechargerArchives — taille maximale', () => {
  it('refusée sans requête quand la liste annonce plus que la limite ; les autres archives passent', async () => {
    const gros = nouvelElement(100_000);
    const petit = nouvelElement(10_000);
    for (const x of [gros, petit]) serveur.definir(x.e.numero, { corps: x.corps });
    const r = await telechargerArchives(options([gros.e, petit.e], { tailleMaxArchiveOctets: 64 * 1024 }));
    expect(r.archives.map((a) => a.numero)).toEqual([petit.e.numero]);
    expect(r.echecs).toEqual([
      {
        numero: gros.e.numero,
        message: `Archive ${gros.e.numero} refusée : le guichet annonce 97,7 Ko, au-delà de la taille maximale autorisée (64 Ko). ${CONSEIL_TAILLE}`,
      },
    ]);
    expect(requetesDe(gros.e.numero)).toHaveLength(0);
  });

  it('taille absente (0) dans la liste : un Content-Length au-delà de la limite est refusé aussitôt, sans nouvel essai', async () => {
    const { e, corps } = nouvelElement(1000, 0);
    serveur.definir(e.numero, { corps, contentLength: 3 * 1024 * 1024 * 1024, etag: null, reprDigest: null });
    const r = await telechargerArchives(options([e]));
    expect(r.echecs).toEqual([
      {
        numero: e.numero,
        message: `Archive ${e.numero} refusée : le guichet annonce 3 Go, au-delà de la taille maximale autorisée (2 Go). ${CONSEIL_TAILLE}`,
      },
    ]);
    expect(requetesDe(e.numero)).toHaveLength(1);
    expect(await existe(`${finalDe(e)}.part`)).toBe(false);
    expect(await existe(finalDe(e))).toBe(false);
  });

  it('ni taille ni Content-Length : le flux est arrêté dès que la limite est dépassée et le .part supprimé', async () => {
    // Beyond one write block, so the part is already on disk when the limit is crossed.
    const { e, corps } = nouvelElement(3 * 1024 * 1024, 0);
    serveur.definir(e.numero, { corps, sansLongueur: true });
    const r = await telechargerArchives(options([e], { tailleMaxArchiveOctets: 1.5 * 1024 * 1024 }));
    expect(r.archives).toEqual([]);
    expect(r.echecs).toEqual([
      {
        numero: e.numero,
        message: `Archive ${e.numero} refusée : le guichet a envoyé plus que la taille maximale autorisée (1,5 Mo) ; téléchargement arrêté et fichier partiel supprimé. ${CONSEIL_TAILLE}`,
      },
    ]);
    expect(requetesDe(e.numero)).toHaveLength(1);
    expect(await existe(`${finalDe(e)}.part`)).toBe(false);
    expect(await existe(finalDe(e))).toBe(false);
    expect(r.erreurs.get(e.numero)?.name).toBe('ErreurArchiveTropGrande');
  });
});
