import type { ProgressionTelechargement } from './types.js';

/** Speed is measured over the last few seconds: an average since the start hides a dropped line. */
const FENETRE_MS = 5_000;
/** Byte-level updates are throttled; file-level ones (faits, échecs…) are always sent. */
const INTERVALLE_EMISSION_MS = 200;

export class Progression {
  faits = 0;
  ignores = 0;
  echecs = 0;
  octets = 0;
  private octetsRestants: number;
  private readonly echantillons: { t: number; octets: number }[] = [];
  private derniereEmission = 0;
  private differee: NodeJS.Timeout | null = null;

  constructor(
    readonly total: number,
    octetsAttendus: number,
    private readonly ecouteur: ((p: ProgressionTelechargement) => void) | undefined,
    private readonly maintenant: () => number = () => performance.now(),
  ) {
    this.octetsRestants = octetsAttendus;
    this.echantillons.push({ t: this.maintenant(), octets: 0 });
  }

  ajouterOctets(n: number): void {
    this.octets += n;
    this.octetsRestants = Math.max(0, this.octetsRestants - n);
    if (!this.ecouteur) return;
    const attente = INTERVALLE_EMISSION_MS - (this.maintenant() - this.derniereEmission);
    if (attente <= 0) this.emettre();
    // Throttled: still report these bytes soon, or a stalled line would show stale numbers forever.
    else this.differee ??= setTimeout(() => this.emettre(), attente);
  }

  /** Stops the pending throttled update (end of the batch). */
  arreter(): void {
    if (this.differee) clearTimeout(this.differee);
    this.differee = null;
  }

  /** An element left the queue without (more) network bytes: its remaining size no longer counts. */
  retirerRestant(n: number): void {
    this.octetsRestants = Math.max(0, this.octetsRestants - n);
  }

  emettre(): void {
    if (!this.ecouteur) return;
    this.arreter();
    this.derniereEmission = this.maintenant();
    this.ecouteur(this.instantane());
  }

  instantane(): ProgressionTelechargement {
    const t = this.maintenant();
    this.echantillons.push({ t, octets: this.octets });
    while (this.echantillons.length > 2 && t - this.echantillons[1]!.t > FENETRE_MS)
      this.echantillons.shift();
    const premier = this.echantillons[0]!;
    const duree = (t - premier.t) / 1000;
    const vitesse = duree > 0.05 ? (this.octets - premier.octets) / duree : 0;
    const termine = this.faits + this.ignores + this.echecs >= this.total;
    return {
      faits: this.faits,
      total: this.total,
      ignores: this.ignores,
      echecs: this.echecs,
      octets: this.octets,
      vitesse,
      resteSecondes: termine ? 0 : vitesse > 0 ? this.octetsRestants / vitesse : null,
    };
  }
}
