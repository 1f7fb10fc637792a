import fs from 'node:fs';
import { ErreurApp, type PieceOuverte } from '../../../shared/app-api/index.js';
import { typeApercuSchema } from '../../../shared/app-api/models.js';
import {
  creerOuverture,
  extraireDocument,
  lireContenuArchive,
  lireEnteteArchive,
  lireFichierArchive,
  messageRefusOuverture,
  nettoyerNomDossier,
  nettoyerNomAffiche,
  reconnaitreOctets,
  RefusOuverture,
  supprimerOuvertures,
  verdictOuverture,
} from '../../archive/index.js';
import { archiveLocale, indexerDonnees, noterControle } from '../../store/index.js';
import { texteDonnees } from '../indexation-donnees.js';
import type { Noyau } from '../noyau.js';
import type { Domaine } from './types.js';

/** The dossier's local zip, downloaded first when it is not archived yet and we are online. */
async function cheminZip(n: Noyau, numero: string): Promise<string> {
  const s = n.exigerSession();
  const a = archiveLocale(s.db, numero);
  // Wherever it was written (an earlier archive folder too), if it is still there.
  if (a && fs.existsSync(a.chemin)) return a.chemin;
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

/**
 * An archive whose entete.xml names another dossier is neither shown, indexed, opened nor saved
 * under this one. It is marked damaged, as the integrity control does, so that the dashboard lists
 * it among « Archives à contrôler » and it is downloaded again.
 */
function refuserAutreDossier(n: Noyau, numero: string, autre: string): never {
  const db = n.exigerSession().db;
  if (archiveLocale(db, numero)) {
    noterControle(db, numero, 'endommagee');
    n.bus.emettre('dossiers.changes', { numeros: [numero] });
  }
  throw new ErreurApp(
    'archive_autre_dossier',
    `L'archive enregistrée pour le dossier ${numero} est celle du dossier ${autre} (entete.xml) : elle n'est ni affichée ni indexée. Téléchargez à nouveau les éléments du dossier ${numero}.`,
  );
}

/** The dossier's zip, once its entete.xml (when present) is known to name this dossier. */
async function zipDuDossier(n: Noyau, numero: string): Promise<string> {
  const zip = await cheminZip(n, numero);
  const entete = await lireEnteteArchive(zip).catch(() => null);
  if (entete && entete.numero !== numero) refuserAutreDossier(n, numero, entete.numero);
  return zip;
}

async function lirePiece(zip: string, nom: string) {
  return lireFichierArchive(zip, nom).catch((e: unknown) => {
    throw new ErreurApp('introuvable', (e as Error).message);
  });
}

/** Writes the checked private copy of an office document (from the zip, or from bytes). */
export type Extraire = (dossier: string) => Promise<{ chemin: string; document: { mime: string } }>;

/** Office documents: written to a private copy, checked in full, then handed to the system. */
async function ouvrirBureautique(
  n: Noyau,
  numero: string,
  nom: string,
  extraire: Extraire,
): Promise<PieceOuverte> {
  const dossier = creerOuverture(n.options.dossierDonnees);
  const ouvrir = n.options.plateforme.ouvrirFichier;
  try {
    const { chemin, document } = await extraire(dossier);
    if (ouvrir) {
      await ouvrir(chemin);
      return { mode: 'systeme', nom: nettoyerNomAffiche(nom) };
    }
    // The web host has no opener: the browser downloads the checked copy.
    const octets = fs.readFileSync(chemin);
    fs.rmSync(dossier, { recursive: true, force: true });
    return {
      mode: 'telechargement',
      nom: nettoyerNomDossier(nettoyerNomAffiche(nom), 'piece'),
      type: document.mime,
      contenuBase64: octets.toString('base64'),
    };
  } catch (e) {
    fs.rmSync(dossier, { recursive: true, force: true });
    if (e instanceof RefusOuverture)
      throw new ErreurApp('ouverture_refusee', messageRefusOuverture(numero, e));
    if (e instanceof ErreurApp) throw e;
    throw new ErreurApp(
      'ouverture_impossible',
      `Le fichier « ${nettoyerNomAffiche(nom)} » du dossier ${numero} n'a pas pu être ouvert : ${(e as Error).message}`,
    );
  }
}

/**
 * The one decision on a citizen's file, wherever it comes from (an archive entry, a justificatif,
 * an attachment of a message): PDF, images and text are shown by the app itself, from memory, never
 * through the system. Only an office document whose content and extension agree goes to the
 * system's application; anything else is refused (« Enregistrer sous… » stays possible).
 */
export async function ouvrirContenu(
  n: Noyau,
  numero: string,
  nom: string,
  contenu: Buffer,
  extraire: Extraire,
): Promise<PieceOuverte> {
  const s = reconnaitreOctets(contenu);
  if (s.genre === 'zip' || s.genre === 'ole') return ouvrirBureautique(n, numero, nom, extraire);
  const v = verdictOuverture(nom, s);
  if (!v.ok) {
    const refus = new RefusOuverture(nom, v, s.genre === 'document' ? s.document.libelle : s.libelle);
    throw new ErreurApp('ouverture_refusee', messageRefusOuverture(numero, refus));
  }
  const type = typeApercuSchema.safeParse(v.document.mime);
  if (!type.success) return ouvrirBureautique(n, numero, nom, extraire);
  return { mode: 'apercu', nom, type: type.data, contenuBase64: contenu.toString('base64') };
}

export const contenu: Domaine = {
  'dossiers.contenu': async ({ numero }, n) => {
    const zip = await cheminZip(n, numero);
    const c = await lireContenuArchive(zip);
    if (c.entete && c.entete.numero !== numero) refuserAutreDossier(n, numero, c.entete.numero);
    if (c.donnees) {
      // What the citizen typed becomes searchable (at once, whatever the background indexer is at).
      indexerDonnees(n.exigerSession().db, numero, texteDonnees(c.donnees));
    }
    return c;
  },

  'dossiers.ouvrirFichier': async ({ numero, nom }, n) => {
    const zip = await zipDuDossier(n, numero);
    const f = await lirePiece(zip, nom);
    return ouvrirContenu(n, numero, f.nom, f.contenu, (dossier) => extraireDocument(zip, f.nom, dossier));
  },

  /**
   * « Enregistrer sous… », for any entry the reader accepted: the bytes as they are, under a
   * cleaned name (no invisible character, no path, no reserved name). Nothing is opened.
   */
  // The copies are the citizen's documents: gone as soon as the agent leaves the dossier's pièces.
  'dossiers.fermerFichiers': (_args, n) => {
    const bilan = supprimerOuvertures(n.options.dossierDonnees);
    for (const r of bilan.restants)
      console.warn(
        `Copie d'une pièce encore ouverte, supprimée au prochain démarrage : ${r.chemin} — ${r.erreur}`,
      );
    return { supprimees: bilan.supprimes, restantes: bilan.restants.length };
  },

  'dossiers.enregistrerFichier': async ({ numero, nom }, n) => {
    const zip = await zipDuDossier(n, numero);
    const f = await lirePiece(zip, nom);
    const nomSur = nettoyerNomDossier(f.nom.split('/').pop() ?? '', 'piece');
    const enregistrer = n.options.plateforme.enregistrerFichier;
    if (!enregistrer)
      return { mode: 'telechargement', nom: nomSur, contenuBase64: f.contenu.toString('base64') };
    try {
      const choisi = await enregistrer(nomSur, f.contenu);
      return choisi === null ? { mode: 'annule' } : { mode: 'enregistre', nom: choisi };
    } catch (e) {
      throw new ErreurApp(
        'enregistrement_impossible',
        `Le fichier « ${nomSur} » du dossier ${numero} n'a pas pu être enregistré : ${(e as Error).message}. Choisissez un autre dossier ou libérez de la place sur le disque.`,
      );
    }
  },
};
