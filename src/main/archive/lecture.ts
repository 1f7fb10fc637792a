import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { NOM_DONNEES, NOM_ENTETE, type Donnees, type Entete } from '../../shared/archive.js';
import type { ContenuDossier } from '../../shared/app-api/models.js';
import { nettoyerNomDossier } from './chemins.js';
import { devinerType, OCTETS_SIGNATURE } from './mime.js';
import {
  citerNom,
  contientInvisibles,
  nettoyerNomAffiche,
  nomCopie,
  OCTETS_ANALYSE,
  ouvertureAnnoncee,
  reconnaitreFichier,
  RefusOuverture,
  signature,
  verdictOuverture,
  type TypeDocument,
} from './types-fichiers.js';
import { lireDonneesXml, lireEnteteXml, TAILLE_MAX_XML } from './xml.js';
import {
  ErreurEntree,
  LIMITES,
  problemeEntree,
  problemeNom,
  ZipOuvert,
  type EntreeZip,
} from './zip-lecteur.js';

/** Entries whose name, flags and declared sizes pass every check, plus the refusals in French. */
interface Inventaire {
  acceptees: EntreeZip[];
  avertissements: string[];
}

function inventorier(zip: ZipOuvert): Inventaire {
  const acceptees: EntreeZip[] = [];
  const avertissements: string[] = [];
  const vus = new Set<string>();
  let budget: number = LIMITES.totalDecompresse;
  for (const e of zip.entrees) {
    const nomAffiche = citerNom(e.nom);
    const pbNom = problemeNom(e.nom);
    if (pbNom) {
      avertissements.push(`Entrée ${nomAffiche} refusée : ${pbNom}.`);
      continue;
    }
    if (e.estDossier) continue;
    const pb = problemeEntree(e);
    if (pb) {
      avertissements.push(`Entrée ${nomAffiche} refusée : ${pb}.`);
      continue;
    }
    // Two names that look the same once cleaned would be two files the agent cannot tell apart.
    const cle = nettoyerNomAffiche(e.nom).toLowerCase();
    if (vus.has(cle)) {
      avertissements.push(`Entrée ${nomAffiche} refusée : nom en double dans l'archive.`);
      continue;
    }
    if (e.tailleDecompressee > budget) {
      avertissements.push(
        `Entrée ${nomAffiche} refusée : l'archive dépasse ${LIMITES.totalDecompresse / 1048576} Mo une fois décompressée.`,
      );
      continue;
    }
    budget -= e.tailleDecompressee;
    vus.add(cle);
    acceptees.push(e);
  }
  return { acceptees, avertissements };
}

async function avecZip<T>(chemin: string, f: (zip: ZipOuvert) => Promise<T>): Promise<T> {
  const zip = await ZipOuvert.ouvrir(chemin);
  try {
    return await f(zip);
  } finally {
    await zip.fermer();
  }
}

/** Reads the whole entry (size already bounded by the checks) into memory. */
async function lireEntier(zip: ZipOuvert, e: EntreeZip): Promise<Buffer> {
  const morceaux: Buffer[] = [];
  for await (const m of zip.lire(e)) morceaux.push(m);
  return Buffer.concat(morceaux);
}

const OCTETS_DEBUT = Math.max(OCTETS_SIGNATURE, OCTETS_ANALYSE);

/** Inflates the whole entry (size and CRC checked) and keeps only its first bytes for the type. */
async function verifierEtSignature(zip: ZipOuvert, e: EntreeZip): Promise<Buffer> {
  let debut = Buffer.alloc(0);
  for await (const m of zip.lire(e)) {
    if (debut.length < OCTETS_DEBUT)
      debut = Buffer.concat([debut, m.subarray(0, OCTETS_DEBUT - debut.length)]);
  }
  return debut;
}

/** `nom`: the entry being read, named in the message when the error itself does not name it. */
function messageEntree(e: unknown, nom: string): string {
  if (e instanceof ErreurEntree) return `Entrée ${e.message}`;
  return `Entrée ${citerNom(nom)} illisible : ${(e as Error).message}`;
}

/**
 * What an archive holds, read defensively: every entry is checked (name, type, sizes, ratio,
 * CRC) and fully inflated with a hard stop, refusals become avertissements. Throws (French
 * message) only when the zip itself is unusable.
 */
export async function lireContenuArchive(cheminZip: string): Promise<ContenuDossier> {
  return avecZip(cheminZip, async (zip) => {
    const { acceptees, avertissements } = inventorier(zip);
    const contenu: ContenuDossier = { entete: null, donnees: null, fichiers: [], avertissements };
    for (const e of acceptees) {
      try {
        if (e.nom === NOM_ENTETE || e.nom === NOM_DONNEES) {
          if (e.tailleDecompressee > TAILLE_MAX_XML) {
            avertissements.push(`${e.nom} est anormalement volumineux : ignoré.`);
            continue;
          }
          const octets = await lireEntier(zip, e);
          const r = e.nom === NOM_ENTETE ? lireEnteteXml(octets) : lireDonneesXml(octets);
          if (r.avertissement !== null) avertissements.push(r.avertissement);
          if (e.nom === NOM_ENTETE) contenu.entete = r.valeur as ContenuDossier['entete'];
          else contenu.donnees = r.valeur as ContenuDossier['donnees'];
          continue;
        }
        const debut = await verifierEtSignature(zip, e);
        // The list shows, and the UI sends back, the cleaned name only (see `trouver`).
        const nom = nettoyerNomAffiche(e.nom);
        if (contientInvisibles(e.nom))
          avertissements.push(
            `Le nom de l'entrée ${citerNom(e.nom)} contenait des caractères invisibles ou de changement de sens d'écriture : ils ont été retirés (${citerNom(nom)}).`,
          );
        contenu.fichiers.push({
          nom,
          taille: e.tailleDecompressee,
          type: devinerType(debut, nom),
          ouverture: ouvertureAnnoncee(debut, nom),
        });
      } catch (err) {
        avertissements.push(messageEntree(err, e.nom));
      }
    }
    if (!acceptees.some((e) => e.nom === NOM_ENTETE))
      avertissements.push(`${NOM_ENTETE} absent de l'archive.`);
    if (!acceptees.some((e) => e.nom === NOM_DONNEES))
      avertissements.push(`${NOM_DONNEES} absent de l'archive.`);
    return contenu;
  });
}

/** The bytes of one XML file of the archive, or null when absent or oversized (never parsed here). */
async function octetsXml(zip: ZipOuvert, acceptees: EntreeZip[], nom: string): Promise<Buffer | null> {
  const e = acceptees.find((x) => x.nom === nom);
  return e && e.tailleDecompressee <= TAILLE_MAX_XML ? lireEntier(zip, e) : null;
}

/**
 * Only the entete.xml of an archive (null when absent or unreadable): enough to check that the
 * archive is the dossier's before anything of it is shown, opened or saved.
 */
export async function lireEnteteArchive(cheminZip: string): Promise<Entete | null> {
  return avecZip(cheminZip, async (zip) => {
    const entete = await octetsXml(zip, inventorier(zip).acceptees, NOM_ENTETE);
    return entete ? lireEnteteXml(entete).valeur : null;
  });
}

/**
 * Only what the search needs: entete.xml (to check the archive is this dossier's) and donnees.xml,
 * without reading the pièces. Anything oversized or unreadable is null, as in lireContenuArchive.
 */
export async function lireDonneesArchive(
  cheminZip: string,
): Promise<{ entete: Entete | null; donnees: Donnees | null }> {
  return avecZip(cheminZip, async (zip) => {
    const { acceptees } = inventorier(zip);
    const entete = await octetsXml(zip, acceptees, NOM_ENTETE);
    const donnees = await octetsXml(zip, acceptees, NOM_DONNEES);
    return {
      entete: entete ? lireEnteteXml(entete).valeur : null,
      donnees: donnees ? lireDonneesXml(donnees).valeur : null,
    };
  });
}

/**
 * The accepted entry named `nom` (raw or as displayed: cleaned names are unique, see inventorier),
 * or a French error saying why it cannot be read.
 */
function trouver(zip: ZipOuvert, nom: string): EntreeZip {
  const { acceptees, avertissements } = inventorier(zip);
  const cherche = nettoyerNomAffiche(nom);
  const e =
    acceptees.find((x) => x.nom === nom) ?? acceptees.find((x) => nettoyerNomAffiche(x.nom) === cherche);
  if (e) return e;
  const cite = citerNom(nom);
  const refus = avertissements.find((a) => a.startsWith(`Entrée ${cite} refusée`));
  throw new Error(refus ?? `Fichier ${cite} absent de l'archive.`);
}

export async function lireFichierArchive(
  cheminZip: string,
  nom: string,
): Promise<{ nom: string; type: string; contenu: Buffer }> {
  return avecZip(cheminZip, async (zip) => {
    const e = trouver(zip, nom);
    let contenu: Buffer;
    try {
      contenu = await lireEntier(zip, e);
    } catch (err) {
      throw new Error(messageEntree(err, e.nom));
    }
    const nomAffiche = nettoyerNomAffiche(e.nom);
    return { nom: nomAffiche, type: devinerType(contenu.subarray(0, OCTETS_SIGNATURE), nomAffiche), contenu };
  });
}

/**
 * Extracts one entry into `dossierCible` under a sanitized base name (subfolders of the zip are
 * flattened), through a temporary file renamed once complete and verified: never a partial file.
 */
export async function extraireFichierArchive(
  cheminZip: string,
  nom: string,
  dossierCible: string,
): Promise<string> {
  return avecZip(cheminZip, async (zip) => {
    const e = trouver(zip, nom);
    const base = nettoyerNomDossier(path.posix.basename(nettoyerNomAffiche(e.nom)), 'fichier');
    await fs.mkdir(dossierCible, { recursive: true });
    const final = path.join(dossierCible, base);
    const temporaire = path.join(dossierCible, `.${base}.${randomBytes(6).toString('hex')}.tmp`);
    const fh = await fs.open(temporaire, 'wx');
    try {
      try {
        for await (const m of zip.lire(e)) await fh.write(m, 0, m.length);
      } catch (err) {
        throw new Error(messageEntree(err, e.nom));
      }
      await fh.sync();
      await fh.close();
      await fs.rename(temporaire, final);
    } catch (err) {
      await fh.close().catch(() => undefined);
      await fs.rm(temporaire, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new Error(`Disque plein : impossible d'extraire « ${base} ».`, { cause: err });
      }
      throw err;
    }
    return final;
  });
}

/**
 * Extracts one entry for the system's reader: written under a temporary name, recognised from its
 * content (zip manifest and OLE streams included), then renamed with the extension of that content.
 * Anything not on the allowlist, or whose name's extension disagrees, is deleted and refused with a
 * RefusOuverture: it never reaches the opener.
 */
export async function extraireDocument(
  cheminZip: string,
  nom: string,
  dossierCible: string,
): Promise<{ chemin: string; document: TypeDocument }> {
  return avecZip(cheminZip, async (zip) => {
    const e = trouver(zip, nom);
    const nomAffiche = nettoyerNomAffiche(e.nom);
    await fs.mkdir(dossierCible, { recursive: true, mode: 0o700 });
    const temporaire = path.join(dossierCible, `.${randomBytes(8).toString('hex')}.tmp`);
    const fh = await fs.open(temporaire, 'wx', 0o600);
    try {
      try {
        for await (const m of zip.lire(e)) await fh.write(m, 0, m.length);
      } catch (err) {
        throw new Error(messageEntree(err, e.nom), { cause: err });
      }
      await fh.sync();
      await fh.close();
      const s = await reconnaitreFichier(temporaire);
      const v = verdictOuverture(nomAffiche, s);
      if (!v.ok)
        throw new RefusOuverture(nomAffiche, v, s.genre === 'document' ? s.document.libelle : s.libelle);
      const final = path.join(dossierCible, nomCopie(nomAffiche, v.document));
      await fs.rename(temporaire, final);
      return { chemin: final, document: v.document };
    } catch (err) {
      await fh.close().catch(() => undefined);
      await fs.rm(temporaire, { force: true });
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
        throw new Error(`Disque plein : impossible d'extraire ${citerNom(nomAffiche)}.`, { cause: err });
      }
      throw err;
    }
  });
}

/** Whether the first bytes already rule out an in-app preview (used by the handler for `dossiers.fichier`). */
export function estApercu(contenu: Buffer, nom: string): boolean {
  const s = signature(contenu.subarray(0, OCTETS_ANALYSE));
  return s.genre === 'document' && s.document.apercu && verdictOuverture(nom, s).ok;
}

/**
 * The same as extraireDocument for bytes that do not come from a zip (a file the citizen gave on the
 * portal): written to a private copy, recognised from the whole file, kept only if the name and the
 * content agree on a document of the allowlist.
 */
export async function ecrireDocument(
  contenu: Buffer,
  nom: string,
  dossierCible: string,
): Promise<{ chemin: string; document: TypeDocument }> {
  const nomAffiche = nettoyerNomAffiche(nom);
  await fs.mkdir(dossierCible, { recursive: true, mode: 0o700 });
  const temporaire = path.join(dossierCible, `.${randomBytes(8).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temporaire, contenu, { flag: 'wx', mode: 0o600 });
    const s = await reconnaitreFichier(temporaire);
    const v = verdictOuverture(nomAffiche, s);
    if (!v.ok)
      throw new RefusOuverture(nomAffiche, v, s.genre === 'document' ? s.document.libelle : s.libelle);
    const final = path.join(dossierCible, nomCopie(nomAffiche, v.document));
    await fs.rename(temporaire, final);
    return { chemin: final, document: v.document };
  } catch (err) {
    await fs.rm(temporaire, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new Error(`Disque plein : impossible d'écrire ${citerNom(nomAffiche)}.`, { cause: err });
    }
    throw err;
  }
}
