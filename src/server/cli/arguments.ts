import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A CLI usage error: printed in French on stderr, exit code 2. */
export class ErreurUsage extends Error {}

export function analyser<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values;
  } catch (e) {
    throw new ErreurUsage(e instanceof Error ? traduire(e.message) : String(e));
  }
}

function traduire(message: string): string {
  const inconnue = /Unknown option '([^']+)'/.exec(message);
  if (inconnue) return `Option inconnue : ${inconnue[1]}`;
  const valeur = /Option '([^']+)' argument missing/.exec(message);
  if (valeur) return `L'option ${valeur[1]} attend une valeur.`;
  return message;
}

export function requis(valeur: string | undefined, nom: string): string {
  if (valeur === undefined || valeur === '') throw new ErreurUsage(`L'option --${nom} est obligatoire.`);
  return valeur;
}

export function entier(valeur: string | undefined, nom: string, defaut: number, min = 0): number {
  if (valeur === undefined) return defaut;
  const n = Number(valeur);
  if (!Number.isInteger(n) || n < min)
    throw new ErreurUsage(`--${nom} attend un entier ≥ ${min} (reçu « ${valeur} »).`);
  return n;
}

export function nombre(valeur: string | undefined, nom: string, defaut: number): number {
  if (valeur === undefined) return defaut;
  const n = Number(valeur);
  if (!Number.isFinite(n)) throw new ErreurUsage(`--${nom} attend un nombre (reçu « ${valeur} »).`);
  return n;
}

export function date(valeur: string | undefined, nom: string): Date | undefined {
  if (valeur === undefined) return undefined;
  const d = new Date(valeur);
  if (Number.isNaN(d.getTime()))
    throw new ErreurUsage(`--${nom} attend une date ISO 8601 (reçu « ${valeur} »).`);
  return d;
}
