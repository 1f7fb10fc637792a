export interface DemarcheDemo {
  code: string;
  intitule: string;
  workflow: 'guichet-de-suivi' | 'portail-citoyen';
  piecesRequises: { etat: number; slot: string }[];
}

/** Demo-only details of a démarche: the CERFA-like reference printed on the form. */
export interface DetailDemarche {
  cerfa: string;
  /** Short title printed under the République française header. */
  sousTitre: string;
}

/**
 * The démarches of the demo guichet. The first three are the ones the manual names; the
 * recensement requires the attestation de recensement before closing (exercises `piecesRequises`).
 */
export const DEMARCHES_DEMO: readonly DemarcheDemo[] = [
  {
    code: 'inscription-listes-electorales',
    intitule: 'Inscription sur les listes électorales',
    workflow: 'guichet-de-suivi',
    piecesRequises: [],
  },
  {
    code: 'recensement-citoyen',
    intitule: 'Recensement citoyen obligatoire',
    workflow: 'guichet-de-suivi',
    piecesRequises: [{ etat: 100, slot: 'attestation' }],
  },
  {
    code: 'changement-coordonnees',
    intitule: 'Changement de coordonnées',
    workflow: 'guichet-de-suivi',
    piecesRequises: [],
  },
  {
    code: 'acte-etat-civil',
    intitule: "Demande d'acte d'état civil",
    workflow: 'guichet-de-suivi',
    piecesRequises: [],
  },
  {
    code: 'inscription-scolaire',
    intitule: 'Inscription scolaire',
    workflow: 'guichet-de-suivi',
    piecesRequises: [],
  },
  {
    code: 'occupation-domaine-public',
    intitule: "Autorisation d'occupation du domaine public",
    workflow: 'guichet-de-suivi',
    piecesRequises: [],
  },
];

/** Démarches of the citizen portals (seeds 001, 003, 004): échanges, justificatifs, rendez-vous. */
export const DEMARCHES_PORTAIL_DEMO: readonly DemarcheDemo[] = [
  { code: 'fiche-enfant', intitule: 'Fiche enfant', workflow: 'portail-citoyen', piecesRequises: [] },
  {
    code: 'reservation-cantine-garderie',
    intitule: 'Réservation cantine / garderie',
    workflow: 'portail-citoyen',
    piecesRequises: [],
  },
  {
    code: 'location-salle-municipale',
    intitule: 'Location de salle municipale',
    workflow: 'portail-citoyen',
    piecesRequises: [],
  },
  {
    code: 'contacter-mairie',
    intitule: 'Contacter la mairie',
    workflow: 'portail-citoyen',
    piecesRequises: [],
  },
];

/** Every démarche a demo mairie offers. */
export const TOUTES_DEMARCHES_DEMO: readonly DemarcheDemo[] = [...DEMARCHES_DEMO, ...DEMARCHES_PORTAIL_DEMO];

export const DETAILS_DEMARCHES: Readonly<Record<string, DetailDemarche>> = {
  'inscription-listes-electorales': {
    cerfa: 'cerfa n° 12669*03',
    sousTitre: "Demande d'inscription sur les listes électorales",
  },
  'recensement-citoyen': {
    cerfa: 'cerfa n° 16142*01',
    sousTitre: 'Déclaration de recensement citoyen obligatoire',
  },
  'changement-coordonnees': {
    cerfa: 'cerfa n° 15741*02',
    sousTitre: "Déclaration de changement d'adresse et de coordonnées",
  },
  'acte-etat-civil': {
    cerfa: 'cerfa n° 11184*05',
    sousTitre: "Demande de copie ou d'extrait d'acte d'état civil",
  },
  'inscription-scolaire': {
    cerfa: 'cerfa n° 16227*01',
    sousTitre: "Demande d'inscription dans une école publique",
  },
  'occupation-domaine-public': {
    cerfa: 'cerfa n° 14023*02',
    sousTitre: "Demande de permis de stationnement ou d'occupation du domaine public",
  },
  'fiche-enfant': {
    cerfa: 'Espace citoyens',
    sousTitre: 'Fiche enfant (restauration scolaire, garderie, loisirs)',
  },
  'reservation-cantine-garderie': {
    cerfa: 'Espace citoyens',
    sousTitre: 'Réservation de la restauration scolaire et de la garderie',
  },
  'location-salle-municipale': {
    cerfa: 'Espace citoyens',
    sousTitre: "Demande de location d'une salle municipale",
  },
  'contacter-mairie': { cerfa: 'Espace citoyens', sousTitre: 'Contacter la mairie' },
};

/** Weights of the démarches among generated dossiers (listes électorales and état civil dominate). */
export const POIDS_DEMARCHES: Readonly<Record<string, number>> = {
  'inscription-listes-electorales': 26,
  'recensement-citoyen': 16,
  'changement-coordonnees': 18,
  'acte-etat-civil': 22,
  'inscription-scolaire': 10,
  'occupation-domaine-public': 8,
};

export function demarcheDemo(code: string): DemarcheDemo | undefined {
  return TOUTES_DEMARCHES_DEMO.find((d) => d.code === code);
}
