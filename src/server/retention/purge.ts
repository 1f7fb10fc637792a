import type { Depots } from '../db/depots.js';
import { JOUR_MS } from '../horloge.js';
import { RETENTION_JOURS } from '../dossiers/presentation.js';

export interface ResultatPurge {
  purges: { numero: string; codeInsee: string }[];
  blobsSupprimes: number;
}

const LOT = 1000;
/** Idempotency answers are kept at least 7 days (the contract); one more day of margin. */
const CONSERVATION_IDEMPOTENCE_MS = 8 * JOUR_MS;

/**
 * The 30-day retention: deletes every dossier submitted RETENTION_JOURS days or more before
 * `maintenant`, with its history, files and pièces, and records a tombstone (motif "retention") in
 * the change sequence so synchronising apps learn about it. Works in batches so a large purge
 * never holds the write lock for long. Then drops the blobs nobody references any more and the
 * expired sessions, reset tokens and idempotency answers — judged at `menage`: the clock of the
 * server that issued them, not a date simulated with `purge --now` (which would log everyone out).
 */
export function purger(depots: Depots, maintenant: Date, menage: Date = new Date()): ResultatPurge {
  const now = maintenant.getTime();
  const limite = now - RETENTION_JOURS * JOUR_MS;
  const codes = new Map(depots.referentiel.services().map((s) => [s.id, s.codeInsee]));
  const purges: ResultatPurge['purges'] = [];
  for (;;) {
    const lot = depots.db
      .transaction(() => {
        const expires = depots.dossiers.expires(limite, LOT);
        for (const d of expires) {
          depots.dossiers.enregistrerSuppression(
            d.serviceId,
            d.numero,
            'retention',
            depots.prochainSeq(),
            now,
          );
          depots.dossiers.supprimer(d.id);
        }
        return expires;
      })
      .immediate();
    for (const d of lot) purges.push({ numero: d.numero, codeInsee: codes.get(d.serviceId) ?? '?' });
    if (lot.length < LOT) break;
  }
  const blobsSupprimes = depots.db
    .transaction(() => {
      depots.idempotence.purger(menage.getTime() - CONSERVATION_IDEMPOTENCE_MS);
      depots.sessions.nettoyer(menage.getTime());
      return depots.blobs.supprimerOrphelins();
    })
    .immediate();
  return { purges, blobsSupprimes };
}
