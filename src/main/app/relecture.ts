import { dossierDetailSchema } from '../../shared/api/index.js';
import { ErreurGuichet, ErreurReponse, ErreurReseau } from '../guichet-client/index.js';
import { recalculer } from '../outbox/index.js';
import {
  appliquerDossierServeur,
  dateSuppressionAnnoncee,
  enregistrerPerte,
  mettreEnQuarantaine,
  motifSuppression,
  numerosARelire,
  numerosEnQuarantaine,
  relectureAbandonnee,
  raisonQuarantaine,
  relectureFaite,
  retirerDeQuarantaine,
} from '../store/index.js';
import { decrireProblemes } from '../sync/index.js';
import type { SessionOuverte } from './session.js';

const CONCURRENCE_RELECTURE = 4;

const RAISON_SUPPRIME =
  "Supprimé du guichet avant d'avoir été reçu conforme : ni enregistré ni archivé sur ce poste.";

export interface BilanRelecture {
  relus: number;
  /** Deleted from the guichet before this workstation kept an archive: losses now recorded. */
  perdus: string[];
}

/**
 * Reads again the detail of each dossier a sync flagged (closed on the guichet, known by a
 * tombstone alone, or received unreadable), so its archive can be downloaded while the guichet still serves it. A 404 means
 * the guichet deleted it meanwhile: a loss if no archive was kept. A network failure stops the pass;
 * the flags stay and the next sync tries again.
 */
export async function relireDossiers(
  s: SessionOuverte,
  concurrence = CONCURRENCE_RELECTURE,
): Promise<BilanRelecture> {
  // Set aside by an earlier walk whose cursor has moved on: the listing will not bring them again
  // unless they change, so their detail is asked directly until it comes valid.
  const enQuarantaine = numerosEnQuarantaine(s.db);
  const numeros = [...new Set([...numerosARelire(s.db), ...enQuarantaine])];
  const bilan: BilanRelecture = { relus: 0, perdus: [] };
  let suivant = 0;
  let arret = false;
  const ouvrier = async (): Promise<void> => {
    while (!arret && !s.abandon.signal.aborted && suivant < numeros.length) {
      const numero = numeros[suivant++]!;
      let brut: unknown = null;
      try {
        const recue = await s.client.appelDiffere('teledossier', { params: { numero } });
        brut = recue.brut;
        const detail = recue.valider();
        s.db.transaction(() => {
          appliquerDossierServeur(s.db, detail, true);
          relectureFaite(s.db, numero);
          retirerDeQuarantaine(s.db, numero);
          recalculer(s.db, numero);
        })();
        bilan.relus++;
      } catch (e) {
        if (e instanceof ErreurGuichet && (e.statut === 404 || e.statut === 410)) {
          const motif = motifSuppression(s.db, numero) ?? 'cloture';
          const annoncee = dateSuppressionAnnoncee(s.db, numero) ?? new Date().toISOString();
          if (enregistrerPerte(s.db, numero, motif, annoncee)) bilan.perdus.push(numero);
          else relectureAbandonnee(s.db, numero);
          // Gone before it ever came valid: still named, now with what became of it.
          if (enQuarantaine.has(numero)) raisonQuarantaine(s.db, numero, RAISON_SUPPRIME);
        } else if (e instanceof ErreurReseau || s.abandon.signal.aborted) {
          arret = true;
        } else if (e instanceof ErreurReponse) {
          // A malformed detail for this one dossier: it stays flagged (read again at the next sync)
          // and is shown as unreadable until then, the others go on.
          const verdict = brut === null ? null : dossierDetailSchema.safeParse(brut);
          mettreEnQuarantaine(s.db, {
            numero,
            raison:
              verdict && !verdict.success
                ? `Détail reçu non conforme : ${decrireProblemes(verdict.error)}`
                : e.message,
            brut,
            le: new Date().toISOString(),
          });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrence, numeros.length)) }, ouvrier));
  return bilan;
}
