/** Date helpers for the demo. Displayed dates are in Paris time, computed without Intl (fast). */

const JOUR = 86_400_000;

/** Last Sunday of `mois` (0-based) in `annee`, at 01:00 UTC (when European summer time switches). */
function dernierDimancheUtc(annee: number, mois: number): number {
  const fin = Date.UTC(annee, mois + 1, 0, 1);
  const jour = new Date(fin).getUTCDay();
  return fin - jour * JOUR;
}

/** Summer time [start, end) per year. */
const etes = new Map<number, [number, number]>();

/** Offset of Paris from UTC at instant `d`, in minutes (60 or 120). */
export function decalageParis(d: Date): number {
  const annee = d.getUTCFullYear();
  let ete = etes.get(annee);
  if (!ete) {
    ete = [dernierDimancheUtc(annee, 2), dernierDimancheUtc(annee, 9)];
    etes.set(annee, ete);
  }
  const t = d.getTime();
  return t >= ete[0] && t < ete[1] ? 120 : 60;
}

/** A Date whose UTC fields are the Paris wall-clock fields of `d`. */
export function enHeureDeParis(d: Date): Date {
  return new Date(d.getTime() + decalageParis(d) * 60_000);
}

const deux = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** JJ/MM/AAAA of the UTC fields of `d` (use for calendar dates built with Date.UTC). */
export function jjmmaaaa(d: Date): string {
  return `${deux(d.getUTCDate())}/${deux(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** « 12/03/2026 à 14 h 05 », Paris time. */
export function dateHeureParis(d: Date): string {
  const p = enHeureDeParis(d);
  return `${jjmmaaaa(p)} à ${deux(p.getUTCHours())} h ${deux(p.getUTCMinutes())}`;
}

/** Calendar date (midnight UTC) `jours` days after the Paris day of `d`. */
export function jourCivil(d: Date, jours = 0): Date {
  const p = enHeureDeParis(d);
  return new Date(Date.UTC(p.getUTCFullYear(), p.getUTCMonth(), p.getUTCDate() + jours));
}

export const MS_JOUR = JOUR;
