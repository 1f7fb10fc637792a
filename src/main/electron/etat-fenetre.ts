import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Position and size of the main window, remembered between launches (userData/fenetre.json). */
export interface EtatFenetre {
  x?: number;
  y?: number;
  largeur: number;
  hauteur: number;
  maximisee: boolean;
}

export const ETAT_PAR_DEFAUT: EtatFenetre = { largeur: 1280, hauteur: 800, maximisee: false };

function entier(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

export async function lireEtatFenetre(fichier: string): Promise<EtatFenetre> {
  try {
    const brut = JSON.parse(await readFile(fichier, 'utf8')) as Record<string, unknown>;
    const x = entier(brut.x, -20_000, 20_000);
    const y = entier(brut.y, -20_000, 20_000);
    return {
      ...(x !== undefined && y !== undefined ? { x, y } : {}),
      largeur: entier(brut.largeur, 640, 10_000) ?? ETAT_PAR_DEFAUT.largeur,
      hauteur: entier(brut.hauteur, 480, 10_000) ?? ETAT_PAR_DEFAUT.hauteur,
      maximisee: brut.maximisee === true,
    };
  } catch {
    return { ...ETAT_PAR_DEFAUT };
  }
}

/** Atomic write: temporary file in the same folder, then rename. */
export async function ecrireEtatFenetre(fichier: string, etat: EtatFenetre): Promise<void> {
  await mkdir(path.dirname(fichier), { recursive: true });
  const temporaire = `${fichier}.${process.pid}.tmp`;
  await writeFile(temporaire, JSON.stringify(etat, null, 2), 'utf8');
  await rename(temporaire, fichier);
}
