import type { Db } from './connexion.js';
import { DepotBlobs } from './blobs.js';
import { DepotDictionnaires } from './dictionnaires.js';
import { DepotDossiers } from './dossiers.js';
import { DepotIdempotence } from './idempotence.js';
import { DepotReferentiel } from './referentiel.js';
import { creerSequence, DepotCompteurs } from './sequence.js';
import { DepotSessions } from './sessions.js';
import { DepotUtilisateurs } from './utilisateurs.js';

/** Every prepared statement of the server, compiled once per connection. */
export interface Depots {
  db: Db;
  blobs: DepotBlobs;
  compteurs: DepotCompteurs;
  dictionnaires: DepotDictionnaires;
  dossiers: DepotDossiers;
  idempotence: DepotIdempotence;
  referentiel: DepotReferentiel;
  sessions: DepotSessions;
  utilisateurs: DepotUtilisateurs;
  prochainSeq: () => number;
}

export function creerDepots(db: Db): Depots {
  return {
    db,
    blobs: new DepotBlobs(db),
    compteurs: new DepotCompteurs(db),
    dictionnaires: new DepotDictionnaires(db),
    dossiers: new DepotDossiers(db),
    idempotence: new DepotIdempotence(db),
    referentiel: new DepotReferentiel(db),
    sessions: new DepotSessions(db),
    utilisateurs: new DepotUtilisateurs(db),
    prochainSeq: creerSequence(db),
  };
}
