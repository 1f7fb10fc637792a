import { createHash } from 'node:crypto';
import type { DossierServeur } from '../../../src/main/store/index.js';

const DEMARCHES = [
  { code: 'inscription-listes-electorales', intitule: 'Inscription sur les listes électorales' },
  { code: 'recensement-citoyen', intitule: 'Recensement citoyen obligatoire' },
  { code: 'changement-coordonnees', intitule: 'Changement de coordonnées' },
  { code: 'acte-etat-civil', intitule: "Demande d'acte d'état civil" },
];
const ETATS = [5, 15, 16, 17];
const NOMS = [
  'martin',
  'bernard',
  'dubois',
  'thomas',
  'robert',
  'richard',
  'petit',
  'durand',
  'leroy',
  'moreau',
];

/**
 * Relative to the real clock (fixed for the whole run): list filters compare expiry dates with
 * Date.now(), so a fixed date made the earliest expiries pass as the day went by.
 */
const DEBUT = Date.now();

/** Deterministic synthetic dossiers for store-level tests and benches (the guichet is not involved). */
export function dossierSynthetique(i: number, maintenant = DEBUT): DossierServeur {
  const depose = maintenant - (i % 30) * 86_400_000 - (i % 86_400) * 1000;
  const numero = `A-5-${i.toString(36).toUpperCase().padStart(8, '0')}`;
  return {
    numero,
    demarche: DEMARCHES[i % DEMARCHES.length]!,
    courriel: `${NOMS[i % NOMS.length]}.${i}@example.fr`,
    deposeLe: new Date(depose).toISOString(),
    etat: ETATS[i % ETATS.length]!,
    dernierCommentaire: null,
    revision: 1,
    expireLe: new Date(depose + 30 * 86_400_000).toISOString(),
    archive: { taille: 1000 + i, sha256: createHash('sha256').update(numero).digest('hex') },
  };
}
