import { etatDe, type Workflow } from '../../shared/workflow/index.js';
import type { Depots } from '../db/depots.js';
import type { DossierLigne } from '../db/dossiers.js';
import { ErreurApi, erreurs } from '../http/erreurs.js';
import { workflow } from '../workflows.js';

export interface DossierPortail {
  l: DossierLigne;
  wf: Workflow & { echanges: NonNullable<Workflow['echanges']> };
}

export const sansEchanges = (numero: string) =>
  new ErreurApi(
    422,
    'sans_echanges',
    `Le dossier ${numero} relève d'une démarche sans échanges avec l'usager (ni messages, ni justificatifs, ni rendez-vous).`,
  );

/** The caller's dossier (another service's is a 404) of a workflow with échanges (else 422). */
export function dossierPortail(depots: Depots, serviceId: number, numero: string): DossierPortail {
  const l = depots.dossiers.parNumero(serviceId, numero);
  if (!l) throw erreurs.dossierIntrouvable(numero);
  const wf = workflow(depots.referentiel.demarche(l.demarcheId).workflow);
  if (!wf.echanges) throw sansEchanges(numero);
  return { l, wf: { ...wf, echanges: wf.echanges } };
}

export function estTerminal(wf: Workflow, l: DossierLigne): boolean {
  return etatDe(wf, l.etat)?.terminal === true;
}

export const dossierTermine = (wf: Workflow, l: DossierLigne) =>
  new ErreurApi(
    422,
    'dossier_termine',
    `Le dossier ${l.numero} est à l'état « ${etatDe(wf, l.etat)?.libelle ?? l.etat} » : il n'est plus modifiable.`,
  );
