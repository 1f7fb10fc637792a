/** Injectable clock: tests pass a fixed or movable time, demo mode shifts the real one. */
export type Horloge = () => Date;

export const JOUR_MS = 24 * 60 * 60 * 1000;

export function horlogeSysteme(decalageJours = 0): Horloge {
  const decalage = decalageJours * JOUR_MS;
  return () => new Date(Date.now() + decalage);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
