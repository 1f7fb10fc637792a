export { ouvrirBase, chronometrer, type Db } from './db.js';
export { lireMeta, ecrireMeta, META } from './meta.js';
export { enregistrerReferentiel, lireReferentiel, regleDemarche } from './referentiel.js';
export * from './dossiers.js';
export {
  listerDossiers,
  numerosDuFiltre,
  clauseFiltre,
  sqlListe,
  requeteFts,
  debutJourLocal,
} from './liste.js';
export { compterTableau, type ComptesTableau } from './tableau.js';
export { suspendreIndex, retablirIndex, terminerChargement, INDEX_SECONDAIRES } from './chargement.js';
