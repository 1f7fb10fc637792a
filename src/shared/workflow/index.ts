export * from './schemas.js';
export * from './rules.js';
export { guichetDeSuivi } from './guichet-de-suivi.js';
