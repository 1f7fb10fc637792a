import { createHash } from 'node:crypto';
import type { Depots } from '../db/depots.js';
import { ReponseJson } from '../http/contexte.js';
import { ErreurApi } from '../http/erreurs.js';

/**
 * Runs `calculer` at most once per (service, cle), in one write transaction with the change it
 * makes: the first answer (status included, errors too) is stored and replayed for the same cle.
 * The same cle with a different request is refused (422 cle_reutilisee) and changes nothing.
 */
export function avecIdempotence(
  depots: Depots,
  serviceId: number,
  cle: string,
  requete: unknown,
  maintenant: number,
  calculer: () => ReponseJson,
): ReponseJson {
  const empreinte = createHash('sha256').update(JSON.stringify(requete)).digest('hex');
  return depots.db
    .transaction(() => {
      const memo = depots.idempotence.lire(serviceId, cle);
      if (memo) {
        if (memo.empreinte !== empreinte) {
          throw new ErreurApi(
            422,
            'cle_reutilisee',
            "Cette clé d'idempotence a déjà servi pour une autre demande : utilisez une nouvelle clé.",
          );
        }
        return new ReponseJson(memo.statut, memo.corps);
      }
      let reponse: ReponseJson;
      try {
        reponse = calculer();
      } catch (e) {
        if (!(e instanceof ErreurApi)) throw e;
        reponse = new ReponseJson(e.statut, e.corps());
      }
      depots.idempotence.ecrire(
        serviceId,
        cle,
        { empreinte, statut: reponse.statut, corps: reponse.corps },
        maintenant,
      );
      return reponse;
    })
    .immediate();
}
