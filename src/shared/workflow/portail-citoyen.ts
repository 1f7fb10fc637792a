import type { Workflow } from './schemas.js';

const KO = 1024;

/**
 * The states of a demande on a citizen portal (Espace Citoyens, Compte Citoyen: seeds 001, 003,
 * 004). « Brouillon » stays on the citizen's side and never reaches the agent. Codes are in the
 * 200s so that a filter on a code never mixes the two workflows.
 *
 * - incomplet asks the citizen for what is missing: the comment says what;
 * - rectifié is given only by the citizen (a justificatif provided, the demande corrected);
 * - rejeté and annulé need a motif; the citizen may cancel too, until a decision.
 */
export const PORTAIL = {
  enAttente: 201,
  enTraitement: 210,
  incomplet: 220,
  rectifie: 230,
  complet: 240,
  rejete: 250,
  annule: 260,
  valide: 290,
} as const;

const P = PORTAIL;

export const portailCitoyen: Workflow = {
  code: 'portail-citoyen',
  libelle: 'Portail citoyen',
  etatInitial: P.enAttente,
  etatClos: P.valide,
  echanges: {
    piecesMax: 3,
    tailleMax: 2048 * KO,
    formats: ['application/pdf', 'image/jpeg', 'image/png'],
    texteMax: 4000,
  },
  etats: [
    {
      code: P.enAttente,
      libelle: 'En attente',
      notifie: false,
      terminal: false,
      commentaireObligatoire: false,
      transitions: [P.enTraitement, P.incomplet, P.complet, P.rejete, P.annule],
      transitionsUsager: [P.annule],
      pieces: [],
    },
    {
      code: P.enTraitement,
      libelle: 'En traitement',
      notifie: true,
      terminal: false,
      commentaireObligatoire: false,
      transitions: [P.incomplet, P.complet, P.rejete, P.annule, P.valide],
      transitionsUsager: [P.annule],
      pieces: [],
    },
    {
      code: P.incomplet,
      libelle: 'Incomplet',
      notifie: true,
      terminal: false,
      attentePieces: true,
      commentaireObligatoire: true,
      libelleCommentaire: 'Ce qui manque (envoyé à l’usager)',
      transitions: [P.rejete, P.annule],
      transitionsUsager: [P.rectifie, P.annule],
      pieces: [],
    },
    {
      code: P.rectifie,
      libelle: 'Rectifié',
      notifie: false,
      terminal: false,
      aRevoir: true,
      commentaireObligatoire: false,
      transitions: [P.enTraitement, P.incomplet, P.complet, P.rejete, P.annule, P.valide],
      transitionsUsager: [P.annule],
      pieces: [],
    },
    {
      code: P.complet,
      libelle: 'Complet',
      notifie: true,
      terminal: false,
      commentaireObligatoire: false,
      transitions: [P.incomplet, P.rejete, P.annule, P.valide],
      transitionsUsager: [P.annule],
      pieces: [],
    },
    {
      code: P.rejete,
      libelle: 'Rejeté',
      notifie: true,
      terminal: true,
      commentaireObligatoire: true,
      libelleCommentaire: 'Motif du rejet (envoyé à l’usager)',
      transitions: [],
      pieces: [],
    },
    {
      code: P.annule,
      libelle: 'Annulé',
      notifie: true,
      terminal: true,
      commentaireObligatoire: true,
      libelleCommentaire: 'Motif de l’annulation (envoyé à l’usager)',
      transitions: [],
      pieces: [],
    },
    {
      code: P.valide,
      libelle: 'Validé',
      notifie: true,
      terminal: true,
      commentaireObligatoire: false,
      transitions: [],
      pieces: [
        {
          slot: 'decision',
          libelle: 'Décision ou attestation',
          tailleMax: 1024 * KO,
          formats: ['application/pdf'],
        },
      ],
    },
  ],
};
