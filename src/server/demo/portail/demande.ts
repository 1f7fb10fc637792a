import type { Demandeur } from '../../../shared/api/schemas.js';
import type { Section } from '../../../shared/archive.js';
import type { Aleatoire } from '../aleatoire.js';
import { choisirPondere, echantillon } from '../aleatoire.js';
import { communeDe, type CommuneDemo } from '../communes.js';
import { jjmmaaaa, jourCivil, MS_JOUR } from '../dates.js';
import { demarcheDemo, DEMARCHES_PORTAIL_DEMO } from '../demarches.js';
import {
  adresseDans,
  champsAdresse,
  champsIdentite,
  courrielUsager,
  personne,
  sectionCoordonnees,
  sectionDeclaration,
  telephone,
  type Adresse,
  type Personne,
} from '../dossier.js';
import { genererNumero } from '../numero.js';
import { pieceDemo } from '../pieces.js';
import type { ServiceDemo } from '../services.js';
import type { DemandePortailDemo, JustificatifDemo, JustificatifRequis, RendezVousDemo } from './types.js';

/** « MARINELLI Sonia », as the portal names people in its justificatifs (seed 004). */
const nomComplet = (p: Personne) => `${p.nom.toUpperCase()} ${p.prenoms[0] ?? ''}`.trim();

const CAF = (p: Personne): JustificatifRequis => ({
  libelle: `Attestation CAF de ${nomComplet(p)}`,
  nom: 'attestation-caf.pdf',
  cle: 'caf',
});
const DOMICILE = (p: Personne): JustificatifRequis => ({
  libelle: `Justificatif de domicile de moins de 3 mois de ${nomComplet(p)}`,
  nom: 'justificatif-domicile.pdf',
  cle: 'facture',
});
const LIVRET = (enfant: Personne): JustificatifRequis => ({
  libelle: `Livret de famille intégral ou acte de naissance de l'enfant (de moins de 3 mois) de ${nomComplet(enfant)}`,
  nom: 'livret-de-famille.pdf',
  cle: 'livret',
});
const ASSURANCE = (p: Personne): JustificatifRequis => ({
  libelle: `Assurance responsabilité civile de ${nomComplet(p)}`,
  nom: 'attestation-assurance.pdf',
  cle: 'assurance',
});
const VACCINS = (enfant: Personne): JustificatifRequis => ({
  libelle: `Pages « vaccinations » du carnet de santé de ${nomComplet(enfant)}`,
  nom: 'carnet-vaccinations.pdf',
  cle: 'vaccinations',
});
const IDENTITE = (p: Personne): JustificatifRequis => ({
  libelle: `Pièce d'identité de ${nomComplet(p)}`,
  nom: 'piece-identite.jpg',
  cle: 'identite',
});

interface Contenu {
  sections: Section[];
  requis: JustificatifRequis[];
  concerne: string | null;
  sujetDemande: string;
  dateEvenement: number | null;
}

interface Ctx {
  rng: Aleatoire;
  commune: CommuneDemo;
  le: Date;
  responsable: Personne;
  adresse: Adresse;
  courriel: string;
  tel: string;
}

const SESSIONS = ['Restauration scolaire', 'Garderie', 'Centre de loisirs'] as const;
const NIVEAUX = ['Petite section', 'Moyenne section', 'Grande section', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'];

function sectionsResponsable(c: Ctx, titre = 'Responsable du dossier'): Section[] {
  return [
    {
      titre,
      champs: [
        ...champsIdentite(c.responsable),
        {
          nom: 'situationFamiliale',
          libelle: 'Situation familiale',
          valeur: c.rng.choisir(['Marié(e)', 'Pacsé(e)', 'Vie maritale', 'Célibataire', 'Divorcé(e)']),
        },
      ],
    },
    { titre: 'Adresse', champs: champsAdresse(c.adresse) },
    sectionCoordonnees(c.courriel, c.tel),
  ];
}

function ficheEnfant(c: Ctx): Contenu {
  const enfant = personne(c.rng, c.le, 3, 11, { nom: c.responsable.nom });
  const sessions = echantillon(c.rng, SESSIONS, c.rng.entier(1, 3));
  const ecole = c.rng.choisir(c.commune.ecoles);
  const requis = [CAF(c.responsable), DOMICILE(c.responsable), LIVRET(enfant), ASSURANCE(enfant)];
  return {
    concerne: nomComplet(enfant),
    sujetDemande: `la fiche enfant de ${enfant.prenoms[0] ?? ''}`,
    dateEvenement: null,
    requis: requis.slice(0, c.rng.entier(2, 4)),
    sections: [
      ...sectionsResponsable(c),
      {
        titre: 'Enfant',
        champs: [
          ...champsIdentite(enfant).filter((x) => x.nom !== 'nationalite'),
          { nom: 'sessions', libelle: 'Inscription aux sessions', valeur: sessions.join(', ') },
          {
            nom: 'pai',
            libelle: "Mon enfant a besoin d'un PAI",
            valeur: c.rng.suivant() < 0.1 ? 'Oui' : 'Non',
          },
          { nom: 'etablissement', libelle: 'Établissement', valeur: ecole },
          { nom: 'niveau', libelle: 'Niveau', valeur: c.rng.choisir(NIVEAUX) },
        ],
      },
      {
        titre: 'Autorisation globale',
        champs: [
          { nom: 'droitImage', libelle: "Droit à l'image", valeur: c.rng.suivant() < 0.7 ? 'Oui' : 'Non' },
          { nom: 'soins', libelle: "Autorisation de soins d'urgence", valeur: 'Oui' },
        ],
      },
      sectionDeclaration(c.commune, c.le),
    ],
  };
}

function reservationCantine(c: Ctx): Contenu {
  const enfant = personne(c.rng, c.le, 3, 11, { nom: c.responsable.nom });
  const debut = jourCivil(c.le, c.rng.entier(5, 20));
  const fin = new Date(debut.getTime() + c.rng.entier(20, 90) * MS_JOUR);
  const activites = echantillon(
    c.rng,
    [
      'Restauration scolaire — repas de midi',
      'Garderie matin',
      'Garderie soir',
      'Centre de loisirs du mercredi',
    ],
    c.rng.entier(1, 3),
  );
  const jours = echantillon(c.rng, ['Lundi', 'Mardi', 'Jeudi', 'Vendredi'], c.rng.entier(2, 4));
  return {
    concerne: nomComplet(enfant),
    sujetDemande: `les réservations de ${enfant.prenoms[0] ?? ''}`,
    dateEvenement: debut.getTime(),
    requis: [CAF(c.responsable), DOMICILE(c.responsable), VACCINS(enfant)].slice(0, c.rng.entier(1, 3)),
    sections: [
      ...sectionsResponsable(c),
      {
        titre: 'Enfant',
        champs: [
          { nom: 'nomEnfant', libelle: 'Nom', valeur: enfant.nom.toUpperCase() },
          { nom: 'prenomEnfant', libelle: 'Prénom', valeur: enfant.prenoms[0] ?? '' },
          { nom: 'ecole', libelle: 'École', valeur: c.rng.choisir(c.commune.ecoles) },
          { nom: 'classe', libelle: 'Classe', valeur: c.rng.choisir(NIVEAUX) },
        ],
      },
      {
        titre: 'Réservation',
        champs: [
          { nom: 'activites', libelle: 'Activités', valeur: activites.join(', ') },
          { nom: 'du', libelle: 'Période du', valeur: jjmmaaaa(debut) },
          { nom: 'au', libelle: 'au', valeur: jjmmaaaa(fin) },
          { nom: 'jours', libelle: 'Jours de la semaine', valeur: jours.join(', ') },
          { nom: 'tarif', libelle: 'Tarif', valeur: 'Selon le quotient familial (attestation CAF)' },
        ],
      },
    ],
  };
}

const SALLES = [
  'Salle des fêtes',
  'Salle polyvalente',
  'Maison des associations — salle 2',
  'Salle du Moulin',
];
const EVENEMENTS = [
  'Mariage',
  'Anniversaire',
  'Repas de famille',
  "Assemblée générale d'association",
  'Loto associatif',
  'Baptême',
];

function locationSalle(c: Ctx): Contenu {
  const salle = c.rng.choisir(SALLES);
  const date = jourCivil(c.le, c.rng.entier(20, 90));
  const evenement = c.rng.choisir(EVENEMENTS);
  return {
    concerne: null,
    sujetDemande: `la ${salle.toLowerCase()} le ${jjmmaaaa(date)}`,
    dateEvenement: date.getTime(),
    requis: [ASSURANCE(c.responsable), DOMICILE(c.responsable)].slice(0, c.rng.entier(1, 2)),
    sections: [
      ...sectionsResponsable(c, 'Demandeur'),
      {
        titre: 'Réservation de la salle',
        champs: [
          { nom: 'salle', libelle: 'Salle', valeur: salle },
          { nom: 'date', libelle: 'Date souhaitée', valeur: jjmmaaaa(date) },
          { nom: 'evenement', libelle: 'Objet de la manifestation', valeur: evenement },
          {
            nom: 'personnes',
            libelle: 'Nombre de personnes attendues',
            valeur: String(c.rng.entier(20, 180)),
          },
          {
            nom: 'cuisine',
            libelle: 'Utilisation de la cuisine',
            valeur: c.rng.suivant() < 0.5 ? 'Oui' : 'Non',
          },
        ],
      },
      sectionDeclaration(c.commune, c.le),
    ],
  };
}

const OBJETS_CONTACT: readonly (readonly [string, string])[] = [
  [
    'Demande de rendez-vous avec un élu',
    "Je souhaiterais rencontrer l'adjoint chargé de l'urbanisme au sujet d'un projet d'extension.",
  ],
  [
    'Signalement sur la voirie',
    'Un lampadaire ne fonctionne plus depuis une semaine devant chez moi, la rue est très sombre le soir.',
  ],
  [
    'Question sur le cimetière',
    'Je souhaite connaître la procédure pour renouveler la concession de ma famille.',
  ],
  [
    'Demande d’attestation',
    "Pourriez-vous m'indiquer comment obtenir une attestation de domicile pour mon fils ?",
  ],
  ['Bruit de voisinage', 'Des travaux ont lieu tous les dimanches matin dans la rue, est-ce autorisé ?'],
];

function contacterMairie(c: Ctx): Contenu {
  const [objet, message] = c.rng.choisir(OBJETS_CONTACT);
  return {
    concerne: null,
    sujetDemande: `votre demande « ${objet} »`,
    dateEvenement: null,
    requis: [IDENTITE(c.responsable)],
    sections: [
      ...sectionsResponsable(c, 'Vos coordonnées'),
      {
        titre: 'Votre demande',
        champs: [
          { nom: 'objet', libelle: 'Objet', valeur: objet },
          { nom: 'message', libelle: 'Message', valeur: message },
        ],
      },
    ],
  };
}

const GENERATEURS: Readonly<Record<string, (c: Ctx) => Contenu>> = {
  'fiche-enfant': ficheEnfant,
  'reservation-cantine-garderie': reservationCantine,
  'location-salle-municipale': locationSalle,
  'contacter-mairie': contacterMairie,
};

const POIDS: Readonly<Record<string, number>> = {
  'fiche-enfant': 35,
  'reservation-cantine-garderie': 30,
  'location-salle-municipale': 20,
  'contacter-mairie': 15,
};

/** ISO calendar date of a demo birth date (stored at midnight UTC). */
const dateIso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A portal demande as the citizen submits it: demandeur, données, 1 to 4 justificatifs (most of them
 * provided with the demande), sometimes a rendez-vous the citizen booked. `codeDemarche` imposes the
 * démarche (one of DEMARCHES_PORTAIL_DEMO).
 */
export function genererDemandePortail(
  rng: Aleatoire,
  service: ServiceDemo,
  deposeLe: Date,
  codeDemarche?: string,
): DemandePortailDemo {
  const numero = genererNumero(rng);
  const code =
    codeDemarche ??
    choisirPondere(
      rng,
      DEMARCHES_PORTAIL_DEMO.map((d) => [d.code, POIDS[d.code] ?? 1] as const),
    );
  const generer = GENERATEURS[code];
  const demarche = demarcheDemo(code);
  if (!generer || !demarche) throw new RangeError(`Démarche de portail inconnue : ${code}`);
  const commune = communeDe(service.codeInsee, service.nom);
  const responsable = personne(rng, deposeLe, 25, 70);
  const adresse = adresseDans(rng, commune);
  const courriel = courrielUsager(rng, responsable.prenoms[0] ?? 'usager', responsable.nom);
  const mobile = `0${rng.choisir(['6', '7'])}${telephone(rng).slice(2)}`;
  const fixe =
    rng.suivant() < 0.35 ? `0${rng.choisir(['1', '2', '3', '4', '5', '9'])}${telephone(rng).slice(2)}` : null;
  const contenu = generer({ rng, commune, le: deposeLe, responsable, adresse, courriel, tel: mobile });
  const le = deposeLe.getTime();
  const justificatifs: JustificatifDemo[] = contenu.requis.map((r, i) => {
    const id = `${numero}-j${i + 1}`;
    const fourni = rng.suivant() < 0.7;
    const f = pieceDemo(r.nom, r.cle);
    return {
      id,
      libelle: r.libelle,
      statut: fourni ? 'fourni' : 'non-fourni',
      motif: null,
      fichier: fourni ? { id: `${id}-f1`, nom: f.nom, contenu: f.contenu, le } : null,
      decideLe: null,
      decidePar: null,
      modele: { nom: r.nom, cle: r.cle },
    };
  });
  const rendezVous: RendezVousDemo[] = [];
  if (code === 'contacter-mairie' && rng.suivant() < 0.5) {
    const jour = jourCivil(deposeLe, rng.entier(3, 15)).getTime();
    const debut = jour + (rng.entier(8, 11) * 60 + rng.choisir([0, 30])) * 60_000;
    rendezVous.push({
      id: `${numero}-r1`,
      // Paris is UTC+1/+2: 8 h–11 h UTC is a morning slot at the mairie.
      debut,
      fin: debut + 30 * 60_000,
      lieu: `${service.nom} — accueil`,
      objet: 'Rendez-vous demandé en ligne',
      statut: 'planifie',
      annulePar: null,
      motifAnnulation: null,
      remplace: null,
    });
  }
  const demandeur: Demandeur = {
    civilite: responsable.civilite === 'Madame' ? 'Madame' : 'Monsieur',
    nom: responsable.nom.toUpperCase(),
    prenom: responsable.prenoms[0] ?? '',
    dateNaissance: dateIso(responsable.naissance),
    adresse: {
      ligne1: adresse.ligne,
      ligne2: adresse.complement,
      codePostal: adresse.codePostal,
      commune: adresse.commune,
    },
    courriel,
    telephone: fixe,
    mobile,
    contactPrefere: choisirPondere(rng, [
      ['courriel', 60],
      ['sms', 20],
      ['telephone', 15],
      ['courrier', 5],
    ] as const),
    concerne: contenu.concerne,
  };
  return {
    dossier: {
      numero,
      codeDemarche: code,
      courriel,
      deposeLe,
      donnees: { demarche: code, numero, sections: contenu.sections },
      // The justificatifs travel in the portal part; the archive keeps the form only.
      piecesJustificatives: [],
    },
    portail: { demandeur, justificatifs, messages: [], rendezVous },
    contexte: {
      codeDemarche: code,
      intitule: demarche.intitule,
      sujetDemande: contenu.sujetDemande,
      dateEvenement: contenu.dateEvenement,
      lieuMairie: service.nom,
    },
  };
}
