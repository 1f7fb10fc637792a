export * from './schemas.js';
export * from './rules.js';
export { guichetDeSuivi } from './guichet-de-suivi.js';
export { portailCitoyen, PORTAIL } from './portail-citoyen.js';
