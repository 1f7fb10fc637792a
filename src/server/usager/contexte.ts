import { etatDe, type Workflow } from '../../shared/workflow/index.js';
import type { Depots } from '../db/depots.js';
import type { DossierLigne } from '../db/dossiers.js';
import type { Horloge } from '../horloge.js';
import type { Journal } from '../journal.js';
import type { Courrier, Message } from '../mail/courrier.js';
import { workflow } from '../workflows.js';

/** What the citizen's side needs: the running server's Guichet satisfies it, so does the CLI's. */
export interface ContexteUsager {
  depots: Depots;
  horloge: Horloge;
  courrier: Courrier;
  journal?: Journal;
}

/** A citizen action the portal would refuse; the message is French, for the CLI and the tests. */
export class ErreurUsager extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ErreurUsager';
  }
}

export interface DemandeUsager {
  l: DossierLigne;
  wf: Workflow & { echanges: NonNullable<Workflow['echanges']> };
}

/** The citizen knows only the numéro of the demande, not its service. */
export function demandeUsager(ctx: ContexteUsager, numero: string): DemandeUsager {
  const l = ctx.depots.dossiers.parNumeroSeul(numero.trim().toUpperCase());
  if (!l)
    throw new ErreurUsager(
      `La demande ${numero} est introuvable (jamais déposée, ou supprimée après 30 jours).`,
    );
  const wf = workflow(ctx.depots.referentiel.demarche(l.demarcheId).workflow);
  if (!wf.echanges) {
    throw new ErreurUsager(
      `La demande ${numero} relève du Guichet de Suivi : elle n'a ni échanges, ni justificatifs, ni rendez-vous.`,
    );
  }
  return { l, wf: { ...wf, echanges: wf.echanges } };
}

export function refuserSiTerminee({ l, wf }: DemandeUsager): void {
  const etat = etatDe(wf, l.etat);
  if (etat?.terminal) {
    throw new ErreurUsager(
      `La demande ${l.numero} est à l'état « ${etat.libelle} » : elle n'est plus modifiable.`,
    );
  }
}

/**
 * Runs a citizen action in one IMMEDIATE transaction (the server may be writing the same file from
 * another process: WAL and the busy timeout make it wait), then sends its mails once committed.
 */
export function agir<T>(ctx: ContexteUsager, action: (courriels: Message[]) => T): T {
  const courriels: Message[] = [];
  const resultat = ctx.depots.db.transaction(() => action(courriels)).immediate();
  for (const m of courriels) ctx.courrier.envoyer(m);
  return resultat;
}

/** A size cap on what the citizen sends: the portal stores anything, but not without limit. */
export const TAILLE_MAX_USAGER = 10 * 1024 * 1024;
