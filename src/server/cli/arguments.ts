import { isIP } from 'node:net';
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

/**
 * Like `analyser`, with positional values too. A value such as `-2j` (a negative offset) is a
 * positional, not an unknown short option.
 */
export function analyserAvecValeurs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
) {
  const negatifs = args.filter((a) => /^-\d/.test(a));
  try {
    const r = parseArgs({
      args: args.filter((a) => !/^-\d/.test(a)),
      options,
      allowPositionals: true,
      strict: true,
    });
    return { valeurs: r.values, positionnels: [...r.positionals, ...negatifs] };
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

const MOTS_PROXY = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `--trust-proxy 10.0.0.1,192.168.0.0/16`: each entry an IP, a CIDR range or a proxy-addr keyword. */
export function proxys(valeur: string | undefined): string[] {
  if (valeur === undefined) return [];
  const liste = valeur
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  if (liste.length === 0)
    throw new ErreurUsage('--trust-proxy attend les adresses des proxys (par exemple 127.0.0.1).');
  for (const x of liste) {
    const [ip = '', prefixe, ...reste] = x.split('/');
    const version = isIP(ip);
    const prefixeValide =
      prefixe === undefined || (/^\d{1,3}$/.test(prefixe) && Number(prefixe) <= (version === 6 ? 128 : 32));
    if (!MOTS_PROXY.has(x) && (version === 0 || !prefixeValide || reste.length > 0))
      throw new ErreurUsage(
        `--trust-proxy : « ${x} » n'est ni une adresse IP, ni une plage CIDR, ni loopback, linklocal ou uniquelocal.`,
      );
  }
  return liste;
}
