/** LRU cache of built archives, bounded in bytes (Map keeps insertion order: oldest first). */
export class CacheOctets {
  private readonly entrees = new Map<string, Buffer>();
  private total = 0;

  constructor(private readonly maxOctets: number) {}

  lire(cle: string): Buffer | undefined {
    const valeur = this.entrees.get(cle);
    if (valeur) {
      this.entrees.delete(cle);
      this.entrees.set(cle, valeur);
    }
    return valeur;
  }

  ecrire(cle: string, valeur: Buffer): void {
    if (valeur.length > this.maxOctets) return;
    const ancienne = this.entrees.get(cle);
    if (ancienne) {
      this.total -= ancienne.length;
      this.entrees.delete(cle);
    }
    this.entrees.set(cle, valeur);
    this.total += valeur.length;
    for (const [k, v] of this.entrees) {
      if (this.total <= this.maxOctets) break;
      this.entrees.delete(k);
      this.total -= v.length;
    }
  }

  get taille(): number {
    return this.total;
  }
}
