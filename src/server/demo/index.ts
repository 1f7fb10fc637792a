/**
 * Deterministic demo data of the reference guichet: mairies and their accounts, démarches,
 * télédossiers (données, CERFA PDF, pièces justificatives, entete.xml / donnees.xml) and
 * plausible historiques. Node only.
 */
export type { Aleatoire } from './aleatoire.js';
export { creerAleatoire } from './aleatoire.js';
export type { ServiceDemo, UtilisateurDemo } from './services.js';
export { servicesDemo } from './services.js';
export type { DemarcheDemo } from './demarches.js';
export { DEMARCHES_DEMO, DEMARCHES_PORTAIL_DEMO, TOUTES_DEMARCHES_DEMO } from './demarches.js';
export type { FichierDemo } from './pieces.js';
export { poolPieces } from './pieces.js';
export type { DossierDemo } from './dossier.js';
export { genererDossier } from './dossier.js';
export { numeroDemo } from './numero.js';
export { cerfaPdf, nomCerfaPdf } from './cerfa.js';
export { donneesXml, enteteXml } from './xml.js';
export type { HistoriqueDemo } from './parcours.js';
export { parcoursDemo } from './parcours.js';
export { pdfDemo } from './pdf.js';
