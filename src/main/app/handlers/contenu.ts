import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErreurApp } from '../../../shared/app-api/index.js';
import { extraireFichierArchive, lireContenuArchive, lireFichierArchive } from '../../archive/index.js';
import { archiveLocale, indexerDonnees } from '../../store/index.js';
import type { Noyau } from '../noyau.js';
import type { Domaine } from './types.js';

/** The dossier's local zip, downloaded first when it is not archived yet and we are online. */
async function cheminZip(n: Noyau, numero: string): Promise<string> {
  const s = n.exigerSession();
  const a = archiveLocale(s.db, numero);
  if (a) {
    const chemin = path.join(n.parametres.lire().dossierArchives, a.chemin);
    if (fs.existsSync(chemin)) return chemin;
  }
  if (s.mode !== 'en-ligne') {
    throw new ErreurApp(
      'hors_ligne',
      `L'archive du dossier ${numero} n'est pas enregistrée localement et le guichet est injoignable.`,
    );
  }
  const chemin = await n.enLigne((sess) => n.taches.archiverMaintenant(sess, numero));
  if (!chemin)
    throw new ErreurApp('introuvable', `L'archive du dossier ${numero} n'a pas pu être téléchargée.`);
  n.bus.emettre('dossiers.changes', { numeros: [numero] });
  return chemin;
}

export const contenu: Domaine = {
  'dossiers.contenu': async ({ numero }, n) => {
    const zip = await cheminZip(n, numero);
    const c = await lireContenuArchive(zip);
    if (c.donnees) {
      // What the citizen typed becomes searchable.
      const texte = c.donnees.sections.flatMap((sec) => sec.champs.map((ch) => ch.valeur)).join(' ');
      indexerDonnees(n.exigerSession().db, numero, texte);
    }
    return c;
  },
  'dossiers.fichier': async ({ numero, nom }, n) => {
    const f = await lireFichierArchive(await cheminZip(n, numero), nom).catch((e: unknown) => {
      throw new ErreurApp('introuvable', (e as Error).message);
    });
    return { nom: f.nom, type: f.type, contenuBase64: f.contenu.toString('base64') };
  },
  'dossiers.ouvrirFichier': async ({ numero, nom }, n) => {
    const ouvrir = n.options.plateforme.ouvrirFichier;
    if (!ouvrir)
      throw new ErreurApp(
        'non_disponible',
        "L'ouverture de fichiers n'est pas disponible dans le navigateur.",
      );
    const zip = await cheminZip(n, numero);
    // A private temp folder per extraction: the zip's names are untrusted and sanitised by the reader.
    const dossier = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-'));
    const chemin = await extraireFichierArchive(zip, nom, dossier).catch((e: unknown) => {
      throw new ErreurApp('introuvable', (e as Error).message);
    });
    await ouvrir(chemin);
    return { ok: true as const };
  },
};
