import {
  etatDe,
  PORTAIL,
  portailCitoyen,
  verifierTransition,
  verifierTransitionUsager,
} from '../../../shared/workflow/index.js';
import {
  messageChangementEtat,
  messageJustificatifRefuse,
  messageRendezVousAnnule,
  messageRendezVousPropose,
} from '../../portail/textes.js';
import type { Aleatoire } from '../aleatoire.js';
import { choisirPondere } from '../aleatoire.js';
import type { HistoriqueDemo } from '../parcours.js';
import { heureOuvree } from '../parcours.js';
import { pieceDemo } from '../pieces.js';
import type { UtilisateurDemo } from '../services.js';
import type { DemandePortailDemo, JustificatifDemo, PortailDemo } from './types.js';

const HEURE = 3_600_000;
const P = PORTAIL;

/** Where the demande ends up (or stops on the way, when `maintenant` comes first). */
type Scenario =
  | 'attente'
  | 'traitement'
  | 'incomplet'
  | 'rectifie'
  | 'complet'
  | 'rejete'
  | 'annuleUsager'
  | 'annuleMairie'
  | 'valide';

const SCENARIOS: readonly (readonly [Scenario, number])[] = [
  ['attente', 14],
  ['traitement', 13],
  ['incomplet', 15],
  ['rectifie', 14],
  ['complet', 10],
  ['rejete', 8],
  ['annuleUsager', 7],
  ['annuleMairie', 4],
  ['valide', 15],
];

const MOTIFS_INVALIDE = [
  'Le document date de plus de trois mois.',
  'Le document est illisible : merci de le numériser à nouveau, en entier.',
  'Le nom figurant sur le document ne correspond pas à celui du demandeur.',
  'Seule la première page a été transmise : toutes les pages sont nécessaires.',
];

const REJETS: Readonly<Record<string, readonly string[]>> = {
  'fiche-enfant': ["L'enfant n'est pas domicilié sur la commune et ne relève pas d'une dérogation scolaire."],
  'reservation-cantine-garderie': ['Le service de garderie est complet pour la période demandée.'],
  'location-salle-municipale': [
    'La salle est déjà réservée à cette date pour une manifestation municipale.',
    'La capacité de la salle ne permet pas d’accueillir le nombre de personnes indiqué.',
  ],
  'contacter-mairie': [
    "Votre demande ne relève pas des compétences de la commune : adressez-vous à l'intercommunalité.",
  ],
};

const VALIDATIONS: Readonly<Record<string, string>> = {
  'fiche-enfant': 'La fiche enfant est validée : vous pouvez réserver les repas dans votre agenda.',
  'reservation-cantine-garderie': 'Vos réservations sont enregistrées et apparaissent dans votre agenda.',
  'location-salle-municipale':
    'La réservation de la salle est confirmée. Le contrat de location vous sera remis avec les clés.',
  'contacter-mairie': 'Votre demande a été transmise au service concerné, qui vous a répondu.',
};

const ANNULATIONS_USAGER = [
  "Nous avons finalement trouvé une autre solution, je n'ai plus besoin de cette demande.",
  'Nous déménageons le mois prochain.',
  'Demande faite en double par erreur.',
];

/** A citizen's question and the mairie's answer to it. */
const QUESTIONS = [
  [
    'Question sur ma demande',
    'Bonjour, pouvez-vous me dire sous quel délai ma demande sera traitée ? Merci.',
    'Bonjour, votre demande sera traitée dans la semaine. Cordialement.',
  ],
  [
    'Précision',
    "Bonjour, j'ai oublié de préciser que je suis joignable plutôt en fin de journée. Cordialement.",
    'Bonjour, merci pour cette précision, elle est bien notée. Bonne journée.',
  ],
  [
    'Document manquant',
    "Bonjour, je n'arrive pas à joindre mon attestation, puis-je la déposer à l'accueil ?",
    "Bonjour, vous pouvez aussi la déposer à l'accueil de la mairie aux heures d'ouverture.",
  ],
] as const;

/**
 * Plays a portal demande from its submission up to `maintenant`: the agents' state changes (each
 * allowed by the workflow), their decisions on the justificatifs, the automatic messages the
 * guichet writes for them, the citizen's answers, corrections and rendez-vous. Mutates
 * `demande.portail`; returns the historique. Dates strictly increase and never pass `maintenant`.
 */
export function parcoursPortail(
  rng: Aleatoire,
  demande: DemandePortailDemo,
  agents: UtilisateurDemo[],
  maintenant: Date,
): HistoriqueDemo[] {
  const { dossier, portail, contexte } = demande;
  const fin = maintenant.getTime();
  const historique: HistoriqueDemo[] = [
    { etat: portailCitoyen.etatInitial, le: dossier.deposeLe, par: null, commentaire: null },
  ];
  if (agents.length === 0) return historique;
  const agent = rng.choisir(agents).identifiant;
  let etat: number = portailCitoyen.etatInitial;
  let t = dossier.deposeLe.getTime();
  let nMessages = 0;
  let nRdv = portail.rendezVous.length;

  const message = (m: {
    sens: 'usager' | 'mairie';
    sujet: string;
    texte: string;
    par: string | null;
    le: number;
  }) => {
    nMessages += 1;
    const lu = m.sens === 'mairie' && fin - m.le > 6 * HEURE && rng.suivant() < 0.7;
    portail.messages.push({
      id: `${dossier.numero}-m${nMessages}`,
      ...m,
      luParUsagerLe: lu ? Math.min(fin, m.le + rng.entier(1, 30) * HEURE) : null,
      pieces: [],
    });
  };
  /** The agent's next action, in working hours; false when it would come after `maintenant`. */
  const avancerAgent = (heures: number): boolean => {
    const le = heureOuvree(rng, t + (1 + rng.suivant() * heures) * HEURE);
    if (le > fin) return false;
    t = le;
    return true;
  };
  const avancerUsager = (heures: number): boolean => {
    const le = t + (1 + rng.suivant() * heures) * HEURE;
    if (le > fin) return false;
    t = le;
    return true;
  };
  const agentChange = (vers: number, commentaire: string | null): boolean => {
    const refus = verifierTransition({
      workflow: portailCitoyen,
      etatActuel: etat,
      etatDemande: vers,
      commentaire,
      slotsRequis: [],
      slotsDeposes: [],
    });
    if (refus) return false;
    historique.push({ etat: vers, le: new Date(t), par: agent, commentaire });
    const cible = etatDe(portailCitoyen, vers);
    if (cible?.notifie)
      message({ sens: 'mairie', ...messageChangementEtat(cible, commentaire), par: agent, le: t });
    etat = vers;
    return true;
  };
  const usagerChange = (vers: number, commentaire: string | null): boolean => {
    if (verifierTransitionUsager(portailCitoyen, etat, vers, commentaire)) return false;
    historique.push({ etat: vers, le: new Date(t), par: null, commentaire });
    etat = vers;
    return true;
  };
  const fournirFichier = (j: JustificatifDemo, n: number) => {
    const source = pieceDemo(j.modele.nom, j.modele.cle);
    j.statut = 'fourni';
    j.motif = null;
    j.decideLe = null;
    j.decidePar = null;
    j.fichier = { id: `${j.id}-f${n}`, nom: source.nom, contenu: source.contenu, le: t };
  };
  const valider = () => {
    for (const j of portail.justificatifs) {
      if (j.statut === 'fourni') {
        j.statut = 'valide';
        j.decideLe = t;
        j.decidePar = agent;
      }
    }
  };

  const scenario = choisirPondere(rng, SCENARIOS);
  // The citizen sometimes asks something before anyone looks at the demande.
  if (rng.suivant() < 0.3 && avancerUsager(30)) {
    const [sujet, texte, reponse] = rng.choisir(QUESTIONS);
    message({ sens: 'usager', sujet, texte, par: null, le: t });
    if (scenario !== 'attente' && avancerAgent(24)) {
      message({ sens: 'mairie', sujet: `RE: ${sujet}`, texte: reponse, par: agent, le: t });
    }
  }
  if (scenario === 'attente') return historique;
  if (scenario === 'annuleUsager') {
    if (avancerUsager(48)) {
      usagerChange(P.annule, rng.choisir(ANNULATIONS_USAGER));
      for (const r of portail.rendezVous) {
        r.statut = 'annule';
        r.annulePar = 'usager';
        r.motifAnnulation = 'Demande annulée par l’usager.';
      }
    }
    return historique;
  }
  if (!avancerAgent(40) || !agentChange(P.enTraitement, null)) return historique;
  if (scenario === 'traitement') return historique;
  if (scenario === 'annuleMairie') {
    if (avancerAgent(30))
      agentChange(
        P.annule,
        'Demande déposée en double : elle est annulée, votre autre demande suit son cours.',
      );
    return historique;
  }
  if (scenario === 'rejete') {
    if (avancerAgent(60))
      agentChange(P.rejete, rng.choisir(REJETS[contexte.codeDemarche] ?? ['Demande non recevable.']));
    return historique;
  }

  // Incomplet: a missing justificatif, or a provided one refused with a motif.
  const aCorriger = portail.justificatifs.find((j) => j.statut === 'non-fourni') ?? portail.justificatifs[0];
  const doitCorriger = ['incomplet', 'rectifie'].includes(scenario) || aCorriger?.statut === 'non-fourni';
  if (aCorriger && doitCorriger) {
    if (!avancerAgent(50)) return historique;
    let commentaire: string;
    if (aCorriger.statut === 'fourni') {
      const motif = rng.choisir(MOTIFS_INVALIDE);
      aCorriger.statut = 'invalide';
      aCorriger.motif = motif;
      aCorriger.decideLe = t;
      aCorriger.decidePar = agent;
      message({ sens: 'mairie', ...messageJustificatifRefuse(aCorriger.libelle, motif), par: agent, le: t });
      commentaire = `« ${aCorriger.libelle} » : ${motif}`;
    } else {
      commentaire = `Merci de fournir : « ${aCorriger.libelle} ».`;
    }
    agentChange(P.incomplet, commentaire);
    if (scenario === 'incomplet') return historique;
    // The citizen provides the file: the demande becomes « rectifié » (À revoir on the agent side).
    if (!avancerUsager(72)) return historique;
    fournirFichier(aCorriger, 2);
    usagerChange(P.rectifie, `Justificatif fourni : « ${aCorriger.libelle} »`);
    if (rng.suivant() < 0.5) {
      message({
        sens: 'usager',
        sujet: 'Document transmis',
        texte: `Bonjour, je viens de déposer le document demandé (${aCorriger.libelle}). Cordialement.`,
        par: null,
        le: t,
      });
    }
    if (scenario === 'rectifie') return historique;
  }
  // Every justificatif provided and validated: complet.
  for (const j of portail.justificatifs) {
    if (j.statut !== 'non-fourni') continue;
    if (!avancerUsager(48)) return historique;
    fournirFichier(j, 1);
  }
  if (!avancerAgent(40)) return historique;
  valider();
  if (!agentChange(P.complet, null)) return historique;
  if (contexte.codeDemarche === 'location-salle-municipale' && contexte.dateEvenement !== null) {
    const veille = contexte.dateEvenement - 24 * HEURE + 16 * HEURE;
    nRdv += 1;
    const premier = { id: `${dossier.numero}-r${nRdv}`, debut: veille, fin: veille + HEURE };
    portail.rendezVous.push({
      ...premier,
      lieu: `${contexte.lieuMairie} — services techniques`,
      objet: 'État des lieux et remise des clés',
      statut: 'planifie',
      annulePar: null,
      motifAnnulation: null,
      remplace: null,
    });
    message({
      sens: 'mairie',
      ...messageRendezVousPropose(
        {
          debut: veille,
          lieu: `${contexte.lieuMairie} — services techniques`,
          objet: 'État des lieux et remise des clés',
        },
        null,
      ),
      par: agent,
      le: t,
    });
    // Sometimes the citizen cannot come, and the mairie proposes another slot.
    if (rng.suivant() < 0.35 && avancerUsager(48)) {
      const r = portail.rendezVous.at(-1);
      if (r) {
        r.statut = 'annule';
        r.annulePar = 'usager';
        r.motifAnnulation = 'Je travaille ce jour-là, serait-il possible le matin ?';
      }
      if (avancerAgent(24)) {
        nRdv += 1;
        const debut = contexte.dateEvenement - 24 * HEURE + 8 * HEURE;
        portail.rendezVous.push({
          id: `${dossier.numero}-r${nRdv}`,
          debut,
          fin: debut + HEURE,
          lieu: `${contexte.lieuMairie} — services techniques`,
          objet: 'État des lieux et remise des clés',
          statut: 'planifie',
          annulePar: null,
          motifAnnulation: null,
          remplace: premier.id,
        });
        message({
          sens: 'mairie',
          ...messageRendezVousPropose(
            {
              debut,
              lieu: `${contexte.lieuMairie} — services techniques`,
              objet: 'État des lieux et remise des clés',
            },
            { debut: premier.debut },
          ),
          par: agent,
          le: t,
        });
      }
    }
  }
  if (scenario === 'complet') return historique;
  // A rendez-vous the citizen booked, cancelled by the mairie before the decision (rarely).
  const rdvUsager = portail.rendezVous.find(
    (r) => r.statut === 'planifie' && r.remplace === null && r.objet === 'Rendez-vous demandé en ligne',
  );
  if (rdvUsager && rng.suivant() < 0.3 && avancerAgent(10)) {
    const motif = "L'élu concerné est absent ce jour-là ; nous vous recontactons pour un autre créneau.";
    rdvUsager.statut = 'annule';
    rdvUsager.annulePar = 'mairie';
    rdvUsager.motifAnnulation = motif;
    message({ sens: 'mairie', ...messageRendezVousAnnule(rdvUsager, motif), par: agent, le: t });
  }
  if (avancerAgent(40)) agentChange(P.valide, VALIDATIONS[contexte.codeDemarche] ?? null);
  return historique;
}

/** How many changes the demande went through beyond its historique (its revision counts them). */
export function evenementsPortail(p: PortailDemo): number {
  const decisions = p.justificatifs.filter((j) => j.decideLe !== null).length;
  const fournis = p.justificatifs.filter((j) => j.fichier !== null).length;
  return p.messages.length + decisions + fournis + p.rendezVous.length;
}
