import type { DossierDemo, ServiceDemo } from '../demo/index.js';
import type { Depots } from '../db/depots.js';
import type { DossierLigne } from '../db/dossiers.js';
import { decoderDonnees } from './donnees.js';

/** Rebuilds, from the database, the submission the archive is generated from. */
export function chargerSoumission(
  depots: Depots,
  l: DossierLigne,
): { dossier: DossierDemo; service: ServiceDemo } {
  const demarche = depots.referentiel.demarche(l.demarcheId);
  const service = depots.referentiel.serviceParId(l.serviceId);
  if (!service) throw new Error(`Service ${l.serviceId} introuvable.`);
  const dossier: DossierDemo = {
    numero: l.numero,
    codeDemarche: demarche.code,
    courriel: l.courriel,
    deposeLe: new Date(l.deposeLe),
    donnees: decoderDonnees(depots.dossiers.donnees(l.id), (id) => depots.dictionnaires.contenu(id)),
    piecesJustificatives: depots.dossiers
      .fichiers(l.id)
      .map((f) => ({ nom: f.nom, type: f.type, contenu: depots.blobs.contenu(f.blobId) })),
  };
  return { dossier, service: { codeInsee: service.codeInsee, nom: service.nom, utilisateurs: [] } };
}
