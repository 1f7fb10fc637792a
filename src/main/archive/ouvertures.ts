/**
 * Copies of pièces handed to the system's reader: citizens' documents, so they never pile up. They
 * all live under one known folder of the app's data, deleted at quit and swept at start (what a
 * crash left behind). PDF, images and text are shown from memory and never written here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function racineOuvertures(dossierDonnees: string): string {
  return path.join(dossierDonnees, 'temp', 'ouvertures');
}

/** Where versions before this one left their copies (shared temp folder of the session's user). */
const ANCIENNE_RACINE = path.join(os.tmpdir(), 'guichet-instructeur-ouvertures');

/** A private folder (0700) for one opening, under the known root. */
export function creerOuverture(dossierDonnees: string): string {
  const racine = racineOuvertures(dossierDonnees);
  fs.mkdirSync(racine, { recursive: true, mode: 0o700 });
  return fs.mkdtempSync(path.join(racine, 'ouverture-'));
}

export interface BilanSuppression {
  supprimes: number;
  /** Folders that could not be deleted (a reader still holds the file open on Windows), with why. */
  restants: { chemin: string; erreur: string }[];
}

function viderRacine(racine: string, bilan: BilanSuppression): void {
  let noms: string[];
  try {
    noms = fs.readdirSync(racine);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    bilan.restants.push({ chemin: racine, erreur: (e as Error).message });
    return;
  }
  for (const nom of noms) {
    const chemin = path.join(racine, nom);
    try {
      fs.rmSync(chemin, { recursive: true, force: true });
      bilan.supprimes++;
    } catch (e) {
      bilan.restants.push({ chemin, erreur: (e as Error).message });
    }
  }
}

/** Deletes every copy of this data folder (at quit); the caller logs what could not be deleted. */
export function supprimerOuvertures(dossierDonnees: string): BilanSuppression {
  const bilan: BilanSuppression = { supprimes: 0, restants: [] };
  viderRacine(racineOuvertures(dossierDonnees), bilan);
  return bilan;
}

/** At start: the copies a crash or a forced quit left, this version's and the previous one's. */
export function balayerOuvertures(dossierDonnees: string): BilanSuppression {
  const bilan = supprimerOuvertures(dossierDonnees);
  viderRacine(ANCIENNE_RACINE, bilan);
  try {
    fs.rmdirSync(ANCIENNE_RACINE);
  } catch {
    // Absent, or another instance is using it right now: nothing to report.
  }
  return bilan;
}
