import type { Workflow } from './schemas.js';

const KO = 1024;

/**
 * The default diagram of the Guichet de Suivi (product.md). Only 15, 16, 17 and 100 are shown to
 * the citizen; 100 removes the dossier from the guichet's list of dossiers to treat.
 */
export const guichetDeSuivi: Workflow = {
  code: 'guichet-de-suivi',
  libelle: 'Guichet de Suivi',
  etatInitial: 5,
  etatClos: 100,
  etats: [
    {
      code: 5,
      libelle: 'Dossier transmis au service traitant',
      notifie: false,
      terminal: false,
      commentaireObligatoire: false,
      transitions: [15, 100],
      pieces: [],
    },
    {
      code: 15,
      libelle: 'Dossier reçu par le service traitant',
      notifie: true,
      terminal: false,
      commentaireObligatoire: false,
      transitions: [16, 17, 100],
      pieces: [
        { slot: 'recepisse', libelle: 'Récépissé', tailleMax: 1024 * KO, formats: ['application/pdf'] },
      ],
    },
    {
      code: 16,
      libelle: 'Dossier en cours de traitement',
      notifie: true,
      terminal: false,
      commentaireObligatoire: false,
      transitions: [17, 100],
      pieces: [],
    },
    {
      code: 17,
      libelle: 'Dossier en attente de pièces complémentaires',
      attentePieces: true,
      notifie: true,
      terminal: false,
      commentaireObligatoire: true,
      transitions: [16, 100],
      pieces: [],
    },
    {
      code: 100,
      libelle: 'Dossier clos',
      notifie: true,
      terminal: true,
      commentaireObligatoire: false,
      transitions: [],
      pieces: [
        {
          slot: 'attestation',
          libelle: 'Attestation, certificat ou récépissé',
          tailleMax: 1024 * KO,
          formats: ['application/pdf'],
        },
      ],
    },
  ],
};
