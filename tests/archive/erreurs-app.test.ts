import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { versErreurApp } from '../../src/main/app/erreurs.js';
import { ErreurAnnulation } from '../../src/main/archive/erreurs.js';
import {
  lireContenuArchive,
  telechargerArchives,
  type ElementArchive,
} from '../../src/main/archive/index.js';
import { RefusOuverture } from '../../src/main/archive/types-fichiers.js';
import { ErreurEntree } from '../../src/main/archive/zip-lecteur.js';
import { demarrerFixture, sha256, type ServeurFixture } from './serveur-fixture.js';

/** Each archive error reaches the agent with its own code and sentence, never « Erreur interne ». */
let serveur: ServeurFixture;
let dossier: string;

beforeAll(async () => {
  serveur = await demarrerFixture();
  dossier = await fs.mkdtemp(path.join(os.tmpdir(), 'archive-erreurs-app-'));
});
afterAll(async () => {
  await serveur.fermer();
  await fs.rm(dossier, { recursive: true, force: true });
});

const CONSEIL_ZIP =
  "Téléchargez à nouveau l'archive ; si le problème persiste, signalez-le au service qui gère le guichet.";

function element(numero: string, corps: Buffer): ElementArchive {
  return {
    numero,
    demarche: 'Recensement citoyen',
    deposeLe: '2026-11-03T10:00:00+01:00',
    sha256: sha256(corps),
    taille: corps.length,
  };
}

describe('versErreurApp — erreurs des archives', () => {
  it('chaque refus de téléchargement a son code et sa phrase nommant le dossier', async () => {
    const corps = randomBytes(5000);
    const cas = {
      'A-5-INTERD01': { statutsAvant: [403] },
      'A-5-ALTER001': { corpsServi: randomBytes(5000), etag: null, reprDigest: null },
      'A-5-INDISP01': { statutsAvant: [503, 503] },
      'A-5-LENT0001': { goutte: { octets: 1, intervalleMs: 20, fois: 99 } },
    };
    for (const [numero, c] of Object.entries(cas)) serveur.definir(numero, { corps, ...c });
    const elements = [...Object.keys(cas), 'A-5-ABSEN001'].map((n) => element(n, corps));
    const gros = { ...element('A-5-GROS0001', corps), taille: 10 * 1024 * 1024 };
    const r = await telechargerArchives({
      source: {
        urlArchive: (n) => `${serveur.url}/api/v1/teledossiers/${n}/archive`,
        entetes: async () => ({}),
      },
      elements: [...elements, gros],
      dossierArchives: dossier,
      concurrence: 3,
      tentatives: 2,
      pauseInitialeMs: 10,
      debitMinOctetsParSeconde: 8192,
      fenetreDebitMs: 300,
      tailleMaxArchiveOctets: 1024 * 1024,
    });
    const codes = Object.fromEntries(
      r.echecs.map((e) => {
        const app = versErreurApp(r.erreurs.get(e.numero));
        // The sentence the agent reads in the list of failures is the one the ErreurApp carries.
        expect(app.message).toBe(e.message);
        return [e.numero, app.code];
      }),
    );
    expect(codes).toEqual({
      'A-5-INTERD01': 'telechargement_refuse',
      'A-5-ALTER001': 'archive_alteree',
      'A-5-INDISP01': 'telechargement_interrompu',
      'A-5-LENT0001': 'guichet_trop_lent',
      'A-5-ABSEN001': 'archive_introuvable',
      'A-5-GROS0001': 'archive_trop_grande',
    });
    expect(r.echecs.find((e) => e.numero === 'A-5-INTERD01')?.message).toBe(
      "Accès refusé par le guichet à l'archive A-5-INTERD01 : vérifiez que ce dossier relève de votre service ou demandez l'habilitation à l'administrateur du guichet.",
    );
    expect(r.echecs.find((e) => e.numero === 'A-5-INDISP01')?.message).toBe(
      "Le guichet est momentanément indisponible (HTTP 503) pour l'archive A-5-INDISP01 : relancez l'archivage plus tard.",
    );
  });

  it('un fichier qui n’est pas un zip : « archive_illisible » avec la marche à suivre', async () => {
    const faux = path.join(dossier, 'pas-un-zip.zip');
    await fs.writeFile(faux, 'ceci n’est pas un zip');
    const e = await lireContenuArchive(faux).then(
      () => null,
      (err: unknown) => err,
    );
    const app = versErreurApp(e);
    expect(app.code).toBe('archive_illisible');
    expect(app.message).toBe(
      `Ce fichier n'est pas une archive zip (fin de répertoire introuvable). ${CONSEIL_ZIP}`,
    );
  });

  it('entrée refusée, ouverture refusée, annulation : chacune son code', () => {
    expect(versErreurApp(new ErreurEntree('« a.pdf » : somme de contrôle CRC-32 incorrecte.'))).toMatchObject(
      {
        code: 'piece_illisible',
        message: `Entrée « a.pdf » : somme de contrôle CRC-32 incorrecte. ${CONSEIL_ZIP}`,
      },
    );
    const refus = new RefusOuverture(
      'facture.pdf',
      { ok: false, motif: 'contenu', detail: 'exécutable Windows' },
      'un exécutable',
    );
    expect(versErreurApp(refus)).toMatchObject({ code: 'ouverture_refusee' });
    expect(versErreurApp(refus).message).toContain('facture.pdf');
    expect(versErreurApp(new ErreurAnnulation())).toMatchObject({
      code: 'annule',
      message: 'Téléchargement annulé.',
    });
  });
});
