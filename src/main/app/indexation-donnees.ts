import type { Donnees } from '../../shared/archive.js';
import { lireDonneesArchive } from '../archive/index.js';
import { archivesAIndexer, donneesIllisibles, indexerDonnees } from '../store/index.js';
import type { SessionOuverte } from './session.js';

/** What the citizen typed, as one text for the search index (the demandeur's name is among it). */
export function texteDonnees(donnees: Donnees): string {
  return donnees.sections.flatMap((sec) => sec.champs.map((ch) => ch.valeur)).join(' ');
}

const LOT = 200;

/**
 * Puts the données of every local archive into the search index, a dossier at a time with a turn
 * of the event loop between two, so that the UI and the sync keep their pace. Archives written
 * meanwhile are picked up by the same pass (`relancer` while it runs asks for another round).
 */
export class IndexationDonnees {
  private enCours: Promise<number> | null = null;
  private encore = false;
  private arrete = false;

  constructor(private readonly s: SessionOuverte) {}

  relancer(): Promise<number> {
    if (this.arrete) return Promise.resolve(0);
    if (this.enCours) {
      this.encore = true;
      return this.enCours;
    }
    // A failure here is the store closing under it: the next session starts the index again.
    this.enCours = this.passes()
      .catch(() => 0)
      .finally(() => (this.enCours = null));
    return this.enCours;
  }

  /** Stops after the dossier under way; resolves once it has (before the store closes). */
  arreter(): Promise<number> {
    this.arrete = true;
    return this.enCours ?? Promise.resolve(0);
  }

  private get fini(): boolean {
    return this.arrete || this.s.abandon.signal.aborted;
  }

  private async passes(): Promise<number> {
    let total = 0;
    do {
      this.encore = false;
      total += await this.passe();
    } while (this.encore && !this.fini);
    return total;
  }

  private async passe(): Promise<number> {
    const { db } = this.s;
    let indexes = 0;
    for (;;) {
      if (this.fini) return indexes;
      const lot = archivesAIndexer(db, LOT);
      if (lot.length === 0) return indexes;
      // Read the whole batch first (async), then write it in one transaction: one commit per batch.
      const lus: { numero: string; texte: string | null }[] = [];
      for (const a of lot) {
        await new Promise((r) => setImmediate(r));
        if (this.fini) return indexes;
        try {
          const { entete, donnees } = await lireDonneesArchive(a.chemin);
          // Another dossier's archive under this numéro is refused when opened; never indexed.
          lus.push({
            numero: a.numero,
            texte: entete && entete.numero !== a.numero ? null : donnees ? texteDonnees(donnees) : '',
          });
        } catch {
          // Missing or unreadable zip: the integrity control says so; the search just goes without.
          lus.push({ numero: a.numero, texte: null });
        }
      }
      if (this.fini) return indexes;
      db.transaction(() => {
        for (const l of lus) {
          if (l.texte === null) donneesIllisibles(db, l.numero);
          else indexerDonnees(db, l.numero, l.texte);
        }
      })();
      indexes += lus.filter((l) => l.texte !== null).length;
    }
  }
}
