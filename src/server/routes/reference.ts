import type { Guichet } from '../guichet.js';
import type { Handlers } from '../http/contexte.js';
import { WORKFLOWS } from '../workflows.js';

export function handlersReference(g: Guichet): Pick<Handlers, 'workflows' | 'demarches'> {
  return {
    async workflows() {
      return { workflows: [...WORKFLOWS.values()] };
    },
    async demarches({ session }) {
      return {
        demarches: g.depots.referentiel
          .demarchesDuService(session.service.id)
          .map(({ id: _id, ...demarche }) => demarche),
      };
    },
  };
}
