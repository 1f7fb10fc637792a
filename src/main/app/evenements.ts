import { appEvents, type EventName, type EventPayload } from '../../shared/app-api/index.js';

type Ecouteur = (evenement: EventName, donnees: unknown) => void;

/** Typed event bus of the core; payloads are validated so a host never forwards a malformed event. */
export class Bus {
  private readonly ecouteurs = new Set<Ecouteur>();

  emettre<E extends EventName>(evenement: E, donnees: EventPayload<E>): void {
    const ok = appEvents[evenement].safeParse(donnees);
    if (!ok.success) {
      console.error(`[coeur] événement ${evenement} invalide`, ok.error.issues[0]);
      return;
    }
    for (const e of [...this.ecouteurs]) {
      try {
        e(evenement, ok.data);
      } catch (err) {
        console.error(`[coeur] écouteur de ${evenement} en erreur`, err);
      }
    }
  }

  ecouter<E extends EventName>(evenement: E, f: (donnees: EventPayload<E>) => void): () => void {
    return this.ecouterTout((nom, donnees) => {
      if (nom === evenement) f(donnees as EventPayload<E>);
    });
  }

  ecouterTout(f: Ecouteur): () => void {
    this.ecouteurs.add(f);
    return () => this.ecouteurs.delete(f);
  }
}
