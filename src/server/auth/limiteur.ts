/**
 * Sliding-window failure counter (in memory: one server process). After `max` failures within
 * `fenetreMs` for a key, the key is blocked until the oldest of those failures leaves the window.
 *
 * Attempts still being evaluated (a login waiting for its scrypt) hold a reserved slot: without
 * it, a burst of parallel requests would all pass the check before the first failure is counted.
 */
export class Limiteur {
  private readonly echecs = new Map<string, number[]>();
  private readonly enCours = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly fenetreMs: number,
  ) {}

  /** Seconds to wait before trying again, or 0 when allowed. */
  attente(cle: string, maintenant: number): number {
    const liste = this.recents(cle, maintenant);
    if (liste.length >= this.max) {
      const plusAncien = liste[liste.length - this.max] ?? maintenant;
      return Math.max(1, Math.ceil((plusAncien + this.fenetreMs - maintenant) / 1000));
    }
    // Blocked only by attempts in flight: they end within a second or so, one way or the other.
    return liste.length + (this.enCours.get(cle) ?? 0) >= this.max ? 1 : 0;
  }

  /** Holds a slot until `liberer`; call it only after `attente` returned 0, in the same tick. */
  reserver(cle: string): void {
    this.enCours.set(cle, (this.enCours.get(cle) ?? 0) + 1);
  }

  liberer(cle: string): void {
    const n = (this.enCours.get(cle) ?? 0) - 1;
    if (n > 0) this.enCours.set(cle, n);
    else this.enCours.delete(cle);
  }

  echec(cle: string, maintenant: number): void {
    const liste = this.recents(cle, maintenant);
    liste.push(maintenant);
    this.echecs.set(cle, liste);
    // Bound memory under a flood of distinct keys: forget the oldest keys first.
    if (this.echecs.size > 100_000) {
      const premiere = this.echecs.keys().next().value;
      if (premiere !== undefined) this.echecs.delete(premiere);
    }
  }

  reinitialiser(cle: string): void {
    this.echecs.delete(cle);
  }

  private recents(cle: string, maintenant: number): number[] {
    const liste = (this.echecs.get(cle) ?? []).filter((t) => t > maintenant - this.fenetreMs);
    if (liste.length === 0) this.echecs.delete(cle);
    return liste;
  }
}
