import type { Db } from './connexion.js';
import { DepotBlobs } from './blobs.js';
import { DepotDemandeurs } from './demandeurs.js';
import { DepotDictionnaires } from './dictionnaires.js';
import { DepotDossiers } from './dossiers.js';
import { DepotIdempotence } from './idempotence.js';
import { DepotJustificatifs } from './justificatifs.js';
import { DepotMessages } from './messages.js';
import { DepotReferentiel } from './referentiel.js';
import { DepotRendezVous } from './rendez-vous.js';
import { creerSequence, DepotCompteurs } from './sequence.js';
import { DepotSessions } from './sessions.js';
import { DepotUtilisateurs } from './utilisateurs.js';

/** Every prepared statement of the server, compiled once per connection. */
export interface Depots {
  db: Db;
  blobs: DepotBlobs;
  compteurs: DepotCompteurs;
  demandeurs: DepotDemandeurs;
  dictionnaires: DepotDictionnaires;
  dossiers: DepotDossiers;
  idempotence: DepotIdempotence;
  justificatifs: DepotJustificatifs;
  messages: DepotMessages;
  referentiel: DepotReferentiel;
  rendezVous: DepotRendezVous;
  sessions: DepotSessions;
  utilisateurs: DepotUtilisateurs;
  prochainSeq: () => number;
}

export function creerDepots(db: Db): Depots {
  return {
    db,
    blobs: new DepotBlobs(db),
    compteurs: new DepotCompteurs(db),
    demandeurs: new DepotDemandeurs(db),
    dictionnaires: new DepotDictionnaires(db),
    dossiers: new DepotDossiers(db),
    idempotence: new DepotIdempotence(db),
    justificatifs: new DepotJustificatifs(db),
    messages: new DepotMessages(db),
    referentiel: new DepotReferentiel(db),
    rendezVous: new DepotRendezVous(db),
    sessions: new DepotSessions(db),
    utilisateurs: new DepotUtilisateurs(db),
    prochainSeq: creerSequence(db),
  };
}
