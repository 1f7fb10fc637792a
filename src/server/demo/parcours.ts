import { etatsSuivants, guichetDeSuivi, verifierTransition } from '../../shared/workflow/index.js';
import type { Aleatoire } from './aleatoire.js';
import { choisirPondere } from './aleatoire.js';
import { decalageParis, enHeureDeParis, MS_JOUR } from './dates.js';
import { demarcheDemo } from './demarches.js';
import type { DossierDemo } from './dossier.js';
import type { UtilisateurDemo } from './services.js';

export interface HistoriqueDemo {
  etat: number;
  le: Date;
  /** Identifiant of the agent, null for the citizen's submission. */
  par: string | null;
  commentaire: string | null;
}

const HEURE = 3_600_000;
const MINUTE = 60_000;

/** Relative weights of the next state an agent picks, per current state. */
const POIDS: Readonly<Record<number, Readonly<Record<number, number>>>> = {
  5: { 15: 88, 100: 12 },
  15: { 16: 62, 17: 20, 100: 18 },
  16: { 17: 25, 100: 75 },
  17: { 16: 75, 100: 25 },
};

/** Delay before the agent's next action, in hours, per state the dossier is in. */
function delaiHeures(rng: Aleatoire, etat: number): number {
  const exponentielle = (moyenne: number): number => -Math.log(1 - rng.suivant()) * moyenne;
  switch (etat) {
    case 5:
      return 1 + exponentielle(60);
    case 15:
      return 2 + exponentielle(60);
    case 16:
      return 8 + exponentielle(110);
    case 17:
      return 48 + exponentielle(150); // waiting for the citizen's pièces
    default:
      return 1 + exponentielle(24);
  }
}

/** Moves `t` into the agents' working hours (Monday–Friday, 8 h 30 – 18 h, Paris time). */
export function heureOuvree(rng: Aleatoire, t: number): number {
  let mur = enHeureDeParis(new Date(t)).getTime();
  const debutJour = (m: number): number => Math.floor(m / MS_JOUR) * MS_JOUR;
  const minutes = (m: number): number => (m - debutJour(m)) / MINUTE;
  if (minutes(mur) >= 18 * 60) mur = debutJour(mur) + MS_JOUR + 8.5 * HEURE + rng.entier(0, 120) * MINUTE;
  else if (minutes(mur) < 8.5 * 60) mur = debutJour(mur) + 8.5 * HEURE + rng.entier(0, 120) * MINUTE;
  for (;;) {
    const jour = new Date(mur).getUTCDay();
    if (jour !== 0 && jour !== 6) break;
    mur = debutJour(mur) + MS_JOUR + 8.5 * HEURE + rng.entier(0, 120) * MINUTE;
  }
  // Offset at the resulting wall-clock time (the week-end may have crossed a summer-time switch).
  return mur - decalageParis(new Date(mur - HEURE)) * MINUTE;
}

const COMMENTAIRES_RECU = [
  'Votre dossier a bien été reçu par nos services.',
  'Dossier bien reçu, il sera traité dans les meilleurs délais.',
  'Nous accusons réception de votre demande.',
];

const COMMENTAIRES_EN_COURS = [
  "Votre demande est en cours d'instruction.",
  'Instruction en cours : vérification des pièces justificatives.',
  'Merci pour les pièces transmises, le traitement de votre demande reprend.',
];

const COMMENTAIRES_PIECES: Readonly<Record<string, readonly string[]>> = {
  'inscription-listes-electorales': [
    'Merci de nous transmettre un justificatif de domicile de moins de trois mois à votre nom.',
    "La copie de votre pièce d'identité est illisible : merci de la déposer à nouveau (recto et verso).",
  ],
  'recensement-citoyen': [
    'Merci de joindre la copie du livret de famille de vos parents.',
    "La copie de la pièce d'identité du jeune est manquante.",
  ],
  'changement-coordonnees': [
    'Merci de fournir un justificatif de votre nouvelle adresse (facture ou quittance de moins de trois mois).',
  ],
  'acte-etat-civil': [
    'Merci de préciser les noms et prénoms des parents de la personne concernée par l’acte.',
    'Pour obtenir une copie intégrale, merci de justifier de votre lien avec la personne concernée (livret de famille).',
  ],
  'inscription-scolaire': [
    "Merci de transmettre les pages « vaccinations » du carnet de santé de l'enfant.",
    "Le certificat de radiation de l'ancienne école est nécessaire pour finaliser l'inscription.",
  ],
  'occupation-domaine-public': [
    "Merci de joindre un plan précis de l'emplacement demandé (avec les cotes).",
    "L'attestation d'assurance responsabilité civile est manquante ou périmée.",
  ],
};

const COMMENTAIRES_CLOS: Readonly<Record<string, readonly string[]>> = {
  'inscription-listes-electorales': [
    'Votre inscription sur les listes électorales est enregistrée. Votre carte électorale vous sera adressée par courrier.',
  ],
  'recensement-citoyen': [
    "Votre recensement est enregistré. L'attestation de recensement est jointe : conservez-la précieusement.",
  ],
  'changement-coordonnees': ['Vos nouvelles coordonnées ont été enregistrées par les services municipaux.'],
  'acte-etat-civil': [
    "L'acte demandé vous a été envoyé par courrier à l'adresse indiquée.",
    "Aucun acte correspondant n'a été trouvé dans nos registres : vérifiez la commune de l'événement.",
  ],
  'inscription-scolaire': [
    "L'inscription de votre enfant est confirmée. L'école prendra contact avec vous pour l'admission.",
  ],
  'occupation-domaine-public': [
    "Autorisation accordée : l'arrêté municipal vous sera adressé par courrier ; il doit être affiché sur place.",
    'Demande refusée : le stationnement est interdit sur cet emplacement aux dates demandées (marché hebdomadaire).',
  ],
};

const COMMENTAIRES_CLOS_SANS_SUITE = [
  'Dossier déposé en double : il est clos, le traitement se poursuit sur votre autre demande.',
  'Demande adressée par erreur à notre commune : merci de vous rapprocher de la mairie de votre domicile.',
];

function commentaire(rng: Aleatoire, depuis: number, vers: number, codeDemarche: string): string | null {
  switch (vers) {
    case 15:
      return rng.suivant() < 0.5 ? null : rng.choisir(COMMENTAIRES_RECU);
    case 16:
      return rng.suivant() < 0.55 ? null : rng.choisir(COMMENTAIRES_EN_COURS);
    case 17:
      return rng.choisir(
        COMMENTAIRES_PIECES[codeDemarche] ?? [
          'Pièce justificative manquante : merci de compléter votre dossier.',
        ],
      );
    case 100:
      if (depuis === 5) return rng.choisir(COMMENTAIRES_CLOS_SANS_SUITE);
      if (depuis === 17 && rng.suivant() < 0.6) {
        return 'Sans réponse de votre part, votre dossier est clos. Vous pouvez déposer une nouvelle demande.';
      }
      if (rng.suivant() < 0.2) return null;
      return rng.choisir(COMMENTAIRES_CLOS[codeDemarche] ?? ['Votre demande a été traitée.']);
    default:
      return null;
  }
}

/**
 * A plausible historique for `dossier` up to `maintenant`: état 5 at submission (par null), then the
 * agents' actions in order, each allowed by the workflow (verifierTransition), at increasing dates
 * within working hours and never after `maintenant`. Recent dossiers mostly stay at 5; some are
 * never touched. A démarche's `piecesRequises` are honoured by never generating a transition that
 * would need a deposited pièce (e.g. the recensement never reaches 100 here). No agents → only the
 * submission.
 */
// Guichet de Suivi démarches only: portal demandes have their own parcours (demo/portail/parcours.ts).
export function parcoursDemo(
  rng: Aleatoire,
  dossier: DossierDemo,
  agents: UtilisateurDemo[],
  maintenant: Date,
): HistoriqueDemo[] {
  const workflow = guichetDeSuivi;
  const historique: HistoriqueDemo[] = [
    { etat: workflow.etatInitial, le: dossier.deposeLe, par: null, commentaire: null },
  ];
  const fin = maintenant.getTime();
  const neglige = rng.suivant() < 0.15;
  if (agents.length === 0 || neglige) return historique;
  const piecesRequises = demarcheDemo(dossier.codeDemarche)?.piecesRequises ?? [];
  const principal = rng.choisir(agents);
  let etat = workflow.etatInitial;
  let t = dossier.deposeLe.getTime();
  for (let pas = 0; pas < 8; pas++) {
    const candidats: (readonly [number, number])[] = [];
    const commentaires = new Map<number, string | null>();
    for (const suivant of etatsSuivants(workflow, etat)) {
      const poids = POIDS[etat]?.[suivant.code] ?? 1;
      const texte = commentaire(rng, etat, suivant.code, dossier.codeDemarche);
      const refus = verifierTransition({
        workflow,
        etatActuel: etat,
        etatDemande: suivant.code,
        commentaire: texte,
        slotsRequis: piecesRequises.filter((p) => p.etat === suivant.code).map((p) => p.slot),
        slotsDeposes: [],
      });
      if (refus === null) {
        candidats.push([suivant.code, poids]);
        commentaires.set(suivant.code, texte);
      }
    }
    if (candidats.length === 0) break;
    const vers = choisirPondere(rng, candidats);
    // With the closing blocked, agents let the dossier wait rather than loop between 16 and 17.
    if (candidats.length === 1 && pas > 1 && rng.suivant() < 0.7) break;
    if (pas > 0 && rng.suivant() < 0.08) break;
    // Delays are at least an hour and heureOuvree only moves forward: dates strictly increase.
    const le = heureOuvree(rng, t + delaiHeures(rng, etat) * HEURE);
    if (le > fin) break;
    const par = rng.suivant() < 0.8 ? principal : rng.choisir(agents);
    historique.push({
      etat: vers,
      le: new Date(le),
      par: par.identifiant,
      commentaire: commentaires.get(vers) ?? null,
    });
    etat = vers;
    t = le;
    if (workflow.etats.find((e) => e.code === etat)?.terminal) break;
  }
  return historique;
}
