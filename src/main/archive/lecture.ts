import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { NOM_DONNEES, NOM_ENTETE } from '../../shared/archive.js';
import type { ContenuDossier } from '../../shared/app-api/models.js';
import { nettoyerNomDossier } from './chemins.js';
import { devinerType, OCTETS_SIGNATURE } from './mime.js';
import { lireDonneesXml, lireEnteteXml, TAILLE_MAX_XML } from './xml.js';
import {
  citer,
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
    const nomAffiche = citer(e.nom);
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
    const cle = e.nom.normalize('NFC').toLowerCase();
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

/** Inflates the whole entry (size and CRC checked) and keeps only its first bytes for the type. */
async function verifierEtSignature(zip: ZipOuvert, e: EntreeZip): Promise<Buffer> {
  let debut = Buffer.alloc(0);
  for await (const m of zip.lire(e)) {
    if (debut.length < OCTETS_SIGNATURE)
      debut = Buffer.concat([debut, m.subarray(0, OCTETS_SIGNATURE - debut.length)]);
  }
  return debut;
}

/** `nom`: the entry being read, named in the message when the error itself does not name it. */
function messageEntree(e: unknown, nom: string): string {
  if (e instanceof ErreurEntree) return `Entrée ${e.message}`;
  return `Entrée « ${nom} » illisible : ${(e as Error).message}`;
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
        contenu.fichiers.push({ nom: e.nom, taille: e.tailleDecompressee, type: devinerType(debut, e.nom) });
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

/** The accepted entry named `nom`, or a French error saying why it cannot be read. */
function trouver(zip: ZipOuvert, nom: string): EntreeZip {
  const { acceptees, avertissements } = inventorier(zip);
  const e = acceptees.find((x) => x.nom === nom);
  if (e) return e;
  const cite = citer(nom);
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
    return { nom: e.nom, type: devinerType(contenu.subarray(0, OCTETS_SIGNATURE), e.nom), contenu };
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
    const base = nettoyerNomDossier(path.posix.basename(e.nom), 'fichier');
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
