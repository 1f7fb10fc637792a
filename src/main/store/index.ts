export { ouvrirBase, chronometrer, type Db } from './db.js';
export { lireMeta, ecrireMeta, META } from './meta.js';
export { enregistrerReferentiel, lireReferentiel, regleDemarche } from './referentiel.js';
export * from './dossiers.js';
export * from './archivage.js';
export {
  ecrirePortail,
  lirePortail,
  marquerLus,
  messagesNonLus,
  idsNonLus,
  compterRendezVous,
} from './portail.js';
export {
  compterOnglets,
  listerDossiers,
  numerosDuFiltre,
  clauseFiltre,
  sqlListe,
  requeteFts,
  debutJourLocal,
  etatsOnglets,
} from './liste.js';
export { compterTableau, type ComptesTableau } from './tableau.js';
export { suspendreIndex, retablirIndex, terminerChargement, INDEX_SECONDAIRES } from './chargement.js';
export {
  mettreEnQuarantaine,
  retirerDeQuarantaine,
  raisonQuarantaine,
  numerosEnQuarantaine,
  listerQuarantaine,
  acquitterQuarantaine,
  extraitBrut,
  type EntreeQuarantaine,
} from './quarantaine.js';
