import { guichetDeSuivi, portailCitoyen, type Workflow } from '../shared/workflow/index.js';

/** Workflows served by this guichet, by code. A démarche names its workflow; none is assumed. */
export const WORKFLOWS: ReadonlyMap<string, Workflow> = new Map([
  [guichetDeSuivi.code, guichetDeSuivi],
  [portailCitoyen.code, portailCitoyen],
]);

export function workflow(code: string): Workflow {
  const w = WORKFLOWS.get(code);
  if (!w) throw new Error(`Workflow inconnu : ${code}`);
  return w;
}
