export {
  synchroniser,
  synchroniserReferentiel,
  SynchroAnnulee,
  type OptionsSynchro,
  type BilanSynchro,
} from './moteur.js';
export { decrireProblemes } from './lecture-page.js';
