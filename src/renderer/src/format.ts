const fmtDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short' });
const fmtDateHeure = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
const fmtNombre = new Intl.NumberFormat('fr-FR');

export const date = (iso: string | null | undefined) => (iso ? fmtDate.format(new Date(iso)) : '—');
export const dateHeure = (iso: string | null | undefined) => (iso ? fmtDateHeure.format(new Date(iso)) : '—');
export const nombre = (n: number) => fmtNombre.format(n);

export function pluriel(n: number, singulier: string, plurielMot = `${singulier}s`): string {
  return `${nombre(n)} ${n > 1 ? plurielMot : singulier}`;
}

export function taille(octets: number): string {
  if (octets < 1024) return `${octets} o`;
  if (octets < 1024 * 1024)
    return `${(octets / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Ko`;
  if (octets < 1024 ** 3)
    return `${(octets / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
  return `${(octets / 1024 ** 3).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} Go`;
}

export function duree(secondes: number | null): string {
  if (secondes === null || !Number.isFinite(secondes)) return 'estimation en cours';
  const s = Math.max(0, Math.round(secondes));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Days from now until `iso` (negative once past). */
export function joursAvant(iso: string): number {
  return Math.ceil((new Date(iso).getTime() - Date.now()) / 86_400_000);
}

/** Today as YYYY-MM-DD in the workstation's time zone. */
export function aujourdhui(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** MIME types as agents read them: « pdf, jpeg, png ». */
export function formatsLisibles(formats: string[]): string {
  return formats.map((f) => (f === 'application/pdf' ? 'pdf' : (f.split('/')[1] ?? f))).join(', ');
}
