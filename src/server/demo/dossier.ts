import type { Donnees, Section } from '../../shared/archive.js';
import { NUMERO_PATTERN } from '../../shared/numero.js';
import type { Aleatoire } from './aleatoire.js';
import { choisirPondere, echantillon } from './aleatoire.js';
import type { CommuneDemo } from './communes.js';
import { communeDe, COMMUNES } from './communes.js';
import { jjmmaaaa, jourCivil, MS_JOUR } from './dates.js';
import { DEMARCHES_DEMO, POIDS_DEMARCHES } from './demarches.js';
import { enAscii, NOMS, PRENOMS_FEMININS, PRENOMS_MASCULINS } from './noms.js';
import { genererNumero } from './numero.js';
import type { FichierDemo } from './pieces.js';
import { choisirPieces } from './pieces.js';
import type { ServiceDemo } from './services.js';

export interface DossierDemo {
  numero: string;
  codeDemarche: string;
  courriel: string;
  deposeLe: Date;
  donnees: Donnees;
  piecesJustificatives: FichierDemo[];
}

type Sexe = 'F' | 'M';

export interface Personne {
  sexe: Sexe;
  civilite: string;
  prenoms: string[];
  nom: string;
  naissance: Date;
  lieuNaissance: string;
  nationalite: string;
}

export interface Adresse {
  ligne: string;
  complement: string | null;
  codePostal: string;
  commune: string;
}

/** Places of birth with the matching nationality (most are French). */
const NAISSANCES: readonly (readonly [string, string, number])[] = [
  ['Lyon (Rhône)', 'Française', 10],
  ['Villeurbanne (Rhône)', 'Française', 6],
  ['Quimper (Finistère)', 'Française', 6],
  ['Brest (Finistère)', 'Française', 6],
  ['Annecy (Haute-Savoie)', 'Française', 6],
  ['Chambéry (Savoie)', 'Française', 5],
  ['Ajaccio (Corse-du-Sud)', 'Française', 6],
  ['Bastia (Haute-Corse)', 'Française', 4],
  ['Paris 14e Arrondissement (Paris)', 'Française', 8],
  ['Marseille (Bouches-du-Rhône)', 'Française', 6],
  ['Nantes (Loire-Atlantique)', 'Française', 5],
  ['Saint-Étienne (Loire)', 'Française', 4],
  ['Clermont-Ferrand (Puy-de-Dôme)', 'Française', 4],
  ['Rennes (Ille-et-Vilaine)', 'Française', 5],
  ['Fort-de-France (Martinique)', 'Française', 3],
  ['Lille (Nord)', 'Française', 4],
  ['Porto (Portugal)', 'Portugaise', 2],
  ['Bruxelles (Belgique)', 'Belge', 1],
  ['Turin (Italie)', 'Italienne', 2],
  ['Cracovie (Pologne)', 'Polonaise', 1],
  ['Casablanca (Maroc)', 'Française', 2],
  ['Dakar (Sénégal)', 'Française', 2],
];

const DOMAINES_USAGERS = ['example.com', 'example.net', 'example.org'] as const;

/** « de Quimper », « d'Annecy ». */
function de(nom: string): string {
  return /^[aeiouyhâàéèêîïôûAEIOUYHÂÀÉÈÊÎÏÔÛ]/.test(nom) ? `d'${nom}` : `de ${nom}`;
}

function prenomAuHasard(rng: Aleatoire, sexe: Sexe): string {
  return rng.choisir(sexe === 'F' ? PRENOMS_FEMININS : PRENOMS_MASCULINS);
}

/** Calendar date of birth for someone aged between `ageMin` and `ageMax` years on `le`. */
function naissance(rng: Aleatoire, le: Date, ageMin: number, ageMax: number): Date {
  const jour = jourCivil(le);
  const plusTot = Date.UTC(jour.getUTCFullYear() - ageMax - 1, jour.getUTCMonth(), jour.getUTCDate() + 1);
  const plusTard = Date.UTC(jour.getUTCFullYear() - ageMin, jour.getUTCMonth(), jour.getUTCDate());
  const jours = Math.floor((plusTard - plusTot) / MS_JOUR);
  return new Date(plusTot + rng.entier(0, jours) * MS_JOUR);
}

export function personne(
  rng: Aleatoire,
  le: Date,
  ageMin: number,
  ageMax: number,
  options: { sexe?: Sexe; nom?: string } = {},
): Personne {
  const sexe = options.sexe ?? (rng.suivant() < 0.5 ? 'F' : 'M');
  const nbPrenoms = choisirPondere(rng, [
    [1, 45],
    [2, 40],
    [3, 15],
  ] as const);
  const prenoms: string[] = [];
  while (prenoms.length < nbPrenoms) {
    const p = prenomAuHasard(rng, sexe);
    if (!prenoms.includes(p)) prenoms.push(p);
  }
  const [lieuNaissance, nationalite] = choisirPondere(
    rng,
    NAISSANCES.map(([lieu, nat, poids]) => [[lieu, nat] as const, poids] as const),
  );
  return {
    sexe,
    civilite: sexe === 'F' ? 'Madame' : 'Monsieur',
    prenoms,
    nom: options.nom ?? rng.choisir(NOMS),
    naissance: naissance(rng, le, ageMin, ageMax),
    lieuNaissance,
    nationalite,
  };
}

export function adresseDans(rng: Aleatoire, commune: CommuneDemo): Adresse {
  const numero = rng.entier(1, 180);
  const bis = rng.suivant() < 0.06 ? ' bis' : '';
  const complement = choisirPondere(rng, [
    [null, 60],
    [`Bâtiment ${rng.choisir(['A', 'B', 'C', 'D'])}, appartement ${rng.entier(1, 48)}`, 20],
    [
      `Résidence ${rng.choisir(['Les Tilleuls', 'Le Belvédère', 'Les Platanes', 'Beau Site', 'Les Érables'])}`,
      12,
    ],
    [`${rng.entier(1, 7)}e étage, porte ${rng.choisir(['gauche', 'droite', 'face'])}`, 8],
  ] as const);
  return {
    ligne: `${numero}${bis} ${rng.choisir(commune.voies)}`,
    complement,
    codePostal: commune.codePostal,
    commune: commune.commune,
  };
}

export function champsAdresse(a: Adresse): Section['champs'] {
  const champs: Section['champs'] = [
    { nom: 'adresse', libelle: 'Numéro et libellé de la voie', valeur: a.ligne },
  ];
  if (a.complement)
    champs.push({ nom: 'complementAdresse', libelle: "Complément d'adresse", valeur: a.complement });
  champs.push(
    { nom: 'codePostal', libelle: 'Code postal', valeur: a.codePostal },
    { nom: 'commune', libelle: 'Commune', valeur: a.commune },
  );
  return champs;
}

export function telephone(rng: Aleatoire): string {
  const prefixe = rng.choisir(['06', '07', '06', '07', '04', '02', '09']);
  let s = prefixe;
  for (let i = 0; i < 4; i++) s += ` ${String(rng.entier(0, 99)).padStart(2, '0')}`;
  return s;
}

export function courrielUsager(rng: Aleatoire, prenom: string, nom: string): string {
  const p = enAscii(prenom);
  const n = enAscii(nom);
  const local = choisirPondere(rng, [
    [`${p}.${n}`, 45],
    [`${p}-${n}`, 10],
    [`${p}.${n}${rng.entier(1, 99)}`, 20],
    [`${p.charAt(0)}${n}`, 15],
    [`${p}${rng.entier(1960, 2008)}`, 10],
  ] as const);
  return `${local}@${rng.choisir(DOMAINES_USAGERS)}`;
}

export function champsIdentite(p: Personne, nomUsage: string | null = null): Section['champs'] {
  const champs: Section['champs'] = [
    { nom: 'civilite', libelle: 'Civilité', valeur: p.civilite },
    { nom: 'nomNaissance', libelle: 'Nom de naissance', valeur: p.nom.toUpperCase() },
  ];
  if (nomUsage) champs.push({ nom: 'nomUsage', libelle: "Nom d'usage", valeur: nomUsage.toUpperCase() });
  champs.push(
    { nom: 'prenoms', libelle: 'Prénom(s)', valeur: p.prenoms.join(', ') },
    { nom: 'sexe', libelle: 'Sexe', valeur: p.sexe === 'F' ? 'Féminin' : 'Masculin' },
    { nom: 'dateNaissance', libelle: 'Date de naissance', valeur: jjmmaaaa(p.naissance) },
    { nom: 'lieuNaissance', libelle: 'Lieu de naissance', valeur: p.lieuNaissance },
    { nom: 'nationalite', libelle: 'Nationalité', valeur: p.nationalite },
  );
  return champs;
}

export function sectionCoordonnees(courriel: string, tel: string): Section {
  return {
    titre: 'Coordonnées',
    champs: [
      { nom: 'courriel', libelle: 'Adresse courriel', valeur: courriel },
      { nom: 'telephone', libelle: 'Téléphone', valeur: tel },
    ],
  };
}

export function sectionDeclaration(commune: CommuneDemo, le: Date): Section {
  return {
    titre: 'Déclaration sur l’honneur',
    champs: [
      {
        nom: 'certification',
        libelle: "Je certifie sur l'honneur l'exactitude des renseignements fournis",
        valeur: 'Oui',
      },
      { nom: 'faitA', libelle: 'Fait à', valeur: commune.commune },
      { nom: 'faitLe', libelle: 'Le', valeur: jjmmaaaa(jourCivil(le)) },
    ],
  };
}

interface Contexte {
  rng: Aleatoire;
  commune: CommuneDemo;
  le: Date;
}

interface Generation {
  sections: Section[];
  prenom: string;
  nom: string;
}

function autreCommune(rng: Aleatoire, commune: CommuneDemo): CommuneDemo {
  const autres = COMMUNES.filter((c) => c.codeInsee !== commune.codeInsee);
  return autres.length > 0 ? rng.choisir(autres) : commune;
}

function listesElectorales(
  { rng, commune, le }: Contexte,
  courriel: (p: string, n: string) => string,
): Generation {
  const p = personne(rng, le, 18, 88);
  const nomUsage = p.sexe === 'F' && rng.suivant() < 0.3 ? rng.choisir(NOMS) : null;
  const motif = choisirPondere(rng, [
    ['Première inscription', 25],
    ['Changement de commune de résidence', 45],
    ["Changement d'adresse dans la commune", 15],
    ['Acquisition de la nationalité française', 5],
    ['Inscription pour la première fois en tant que ressortissant de l’Union européenne', 10],
  ] as const);
  const europeen = p.nationalite !== 'Française';
  const demande: Section['champs'] = [{ nom: 'motif', libelle: "Motif de l'inscription", valeur: motif }];
  if (motif === 'Changement de commune de résidence') {
    const ancienne = autreCommune(rng, commune);
    demande.push({
      nom: 'communePrecedente',
      libelle: "Commune d'inscription précédente",
      valeur: `${ancienne.commune} (${ancienne.codePostal})`,
    });
  }
  demande.push(
    {
      nom: 'attache',
      libelle: 'Attache avec la commune',
      valeur: choisirPondere(rng, [
        ['Domicile dans la commune', 70],
        ['Résidence dans la commune depuis au moins six mois', 18],
        ['Contribuable de la commune depuis au moins deux ans', 12],
      ] as const),
    },
    {
      nom: 'liste',
      libelle: 'Liste demandée',
      valeur: europeen
        ? 'Listes électorales complémentaires (élections municipales et européennes)'
        : 'Liste électorale principale',
    },
  );
  const tel = telephone(rng);
  const mail = courriel(p.prenoms[0] ?? 'usager', nomUsage ?? p.nom);
  return {
    prenom: p.prenoms[0] ?? '',
    nom: p.nom,
    sections: [
      { titre: 'Identité du demandeur', champs: champsIdentite(p, nomUsage) },
      { titre: 'Adresse', champs: champsAdresse(adresseDans(rng, commune)) },
      sectionCoordonnees(mail, tel),
      { titre: 'Demande', champs: demande },
      sectionDeclaration(commune, le),
    ],
  };
}

function recensement({ rng, commune, le }: Contexte, courriel: (p: string, n: string) => string): Generation {
  const jeune = personne(rng, le, 16, 16);
  jeune.nationalite = 'Française';
  // The recensement is due between the 16th birthday and the end of the third month after it.
  const jour = jourCivil(le);
  jeune.naissance = new Date(
    Date.UTC(jour.getUTCFullYear() - 16, jour.getUTCMonth(), jour.getUTCDate() - rng.entier(0, 90)),
  );
  const nomMere = rng.suivant() < 0.6 ? jeune.nom : rng.choisir(NOMS);
  const prenomMere = prenomAuHasard(rng, 'F');
  const prenomPere = prenomAuHasard(rng, 'M');
  const scolarite = choisirPondere(rng, [
    [`Lycée général et technologique, classe de seconde`, 45],
    ['Lycée professionnel, CAP première année', 15],
    ['Collège, classe de troisième', 15],
    ['Apprentissage', 10],
    ['Non scolarisé', 3],
    ['Lycée général et technologique, classe de première', 12],
  ] as const);
  const parentDeclarant = rng.suivant() < 0.5;
  const tel = telephone(rng);
  const mail = parentDeclarant
    ? courriel(prenomMere, nomMere)
    : courriel(jeune.prenoms[0] ?? 'usager', jeune.nom);
  return {
    prenom: jeune.prenoms[0] ?? '',
    nom: jeune.nom,
    sections: [
      { titre: 'Identité du jeune', champs: champsIdentite(jeune) },
      {
        titre: 'Filiation',
        champs: [
          { nom: 'nomPere', libelle: 'Nom du père', valeur: jeune.nom.toUpperCase() },
          { nom: 'prenomPere', libelle: 'Prénom du père', valeur: prenomPere },
          { nom: 'nomMere', libelle: 'Nom de naissance de la mère', valeur: nomMere.toUpperCase() },
          { nom: 'prenomMere', libelle: 'Prénom de la mère', valeur: prenomMere },
        ],
      },
      { titre: 'Adresse', champs: champsAdresse(adresseDans(rng, commune)) },
      sectionCoordonnees(mail, tel),
      {
        titre: 'Situation',
        champs: [
          { nom: 'situationFamiliale', libelle: 'Situation familiale', valeur: 'Célibataire' },
          { nom: 'scolarite', libelle: 'Situation scolaire ou professionnelle', valeur: scolarite },
          {
            nom: 'diplome',
            libelle: 'Diplôme obtenu',
            valeur: scolarite.startsWith('Collège') ? 'Aucun' : 'Diplôme national du brevet',
          },
          {
            nom: 'declarant',
            libelle: 'Déclaration effectuée par',
            valeur: parentDeclarant ? 'Un représentant légal (la mère)' : 'Le jeune lui-même',
          },
          {
            nom: 'informationEngagement',
            libelle: 'Souhaite être informé(e) sur le service civique et la réserve',
            valeur: rng.suivant() < 0.35 ? 'Oui' : 'Non',
          },
        ],
      },
      sectionDeclaration(commune, le),
    ],
  };
}

function changementCoordonnees(
  { rng, commune, le }: Contexte,
  courriel: (p: string, n: string) => string,
): Generation {
  const p = personne(rng, le, 19, 85);
  const ancienne = autreCommune(rng, commune);
  const ancienneAdresse = rng.suivant() < 0.3 ? adresseDans(rng, commune) : adresseDans(rng, ancienne);
  const emmenagement = jourCivil(le, -rng.entier(0, 60));
  const organismes = echantillon(
    rng,
    [
      "Caisse d'allocations familiales (CAF)",
      'Assurance maladie (CPAM)',
      'Impôts (DGFiP)',
      'France Travail',
      'Caisse de retraite',
      'Service des cartes grises (ANTS)',
      'La Poste (réexpédition du courrier)',
    ],
    rng.entier(1, 5),
  );
  const tel = telephone(rng);
  const mail = courriel(p.prenoms[0] ?? 'usager', p.nom);
  return {
    prenom: p.prenoms[0] ?? '',
    nom: p.nom,
    sections: [
      { titre: 'Identité du déclarant', champs: champsIdentite(p) },
      { titre: 'Ancienne adresse', champs: champsAdresse(ancienneAdresse) },
      {
        titre: 'Nouvelle adresse',
        champs: [
          ...champsAdresse(adresseDans(rng, commune)),
          { nom: 'dateEmmenagement', libelle: "Date d'emménagement", valeur: jjmmaaaa(emmenagement) },
        ],
      },
      sectionCoordonnees(mail, tel),
      {
        titre: 'Organismes à informer',
        champs: [{ nom: 'organismes', libelle: 'Organismes destinataires', valeur: organismes.join(' ; ') }],
      },
      sectionDeclaration(commune, le),
    ],
  };
}

function acteEtatCivil(
  { rng, commune, le }: Contexte,
  courriel: (p: string, n: string) => string,
): Generation {
  const type = choisirPondere(rng, [
    ['Acte de naissance', 65],
    ['Acte de mariage', 25],
    ['Acte de décès', 10],
  ] as const);
  const concerne = personne(rng, le, type === 'Acte de naissance' ? 0 : 20, 95);
  const dateEvenement =
    type === 'Acte de naissance'
      ? concerne.naissance
      : new Date(
          concerne.naissance.getTime() +
            rng.entier(
              20 * 365,
              Math.max(
                20 * 365,
                Math.floor((jourCivil(le).getTime() - concerne.naissance.getTime()) / MS_JOUR) - 1,
              ),
            ) *
              MS_JOUR,
        );
  const document = choisirPondere(rng, [
    ['Copie intégrale', 40],
    ['Extrait avec filiation', 35],
    ['Extrait sans filiation', 15],
    ['Extrait plurilingue', 10],
  ] as const);
  const mineur =
    type === 'Acte de naissance' &&
    concerne.naissance.getTime() > jourCivil(le).getTime() - 18 * 365.25 * MS_JOUR;
  const qualite = mineur
    ? 'Son père ou sa mère'
    : type === 'Acte de décès'
      ? rng.choisir(['Son enfant', 'Son conjoint', 'Son notaire (succession)'])
      : choisirPondere(rng, [
          ['La personne concernée elle-même', 60],
          ['Son père ou sa mère', 20],
          ['Son conjoint', 10],
          ['Son enfant', 10],
        ] as const);
  const demandeur = qualite === 'La personne concernée elle-même' ? concerne : personne(rng, le, 20, 90);
  const motif = choisirPondere(rng, [
    ["Établissement d'une carte nationale d'identité ou d'un passeport", 30],
    ['Mariage ou pacte civil de solidarité', 15],
    ['Succession', type === 'Acte de décès' ? 60 : 5],
    ['Dossier de retraite', 10],
    ["Démarche auprès d'une administration étrangère", 8],
    ['Autre démarche administrative', 12],
  ] as const);
  const acte: Section['champs'] = [
    { nom: 'typeActe', libelle: "Nature de l'acte", valeur: type },
    { nom: 'typeDocument', libelle: 'Type de document', valeur: document },
    { nom: 'dateEvenement', libelle: "Date de l'événement", valeur: jjmmaaaa(dateEvenement) },
    { nom: 'lieuEvenement', libelle: "Lieu de l'événement", valeur: commune.commune },
    { nom: 'nombreExemplaires', libelle: "Nombre d'exemplaires", valeur: String(rng.entier(1, 3)) },
    { nom: 'motif', libelle: 'Motif de la demande', valeur: motif },
  ];
  const concerneChamps: Section['champs'] = [
    { nom: 'nomConcerne', libelle: 'Nom', valeur: concerne.nom.toUpperCase() },
    { nom: 'prenomsConcerne', libelle: 'Prénom(s)', valeur: concerne.prenoms.join(', ') },
    { nom: 'dateNaissanceConcerne', libelle: 'Date de naissance', valeur: jjmmaaaa(concerne.naissance) },
  ];
  if (document !== 'Extrait sans filiation') {
    concerneChamps.push(
      {
        nom: 'nomPere',
        libelle: 'Nom et prénom du père',
        valeur: `${concerne.nom.toUpperCase()} ${prenomAuHasard(rng, 'M')}`,
      },
      {
        nom: 'nomMere',
        libelle: 'Nom et prénom de la mère',
        valeur: `${rng.choisir(NOMS).toUpperCase()} ${prenomAuHasard(rng, 'F')}`,
      },
    );
  }
  if (type === 'Acte de mariage') {
    const conjoint = personne(rng, le, 20, 95);
    concerneChamps.push({
      nom: 'conjoint',
      libelle: 'Nom et prénom du conjoint',
      valeur: `${conjoint.nom.toUpperCase()} ${conjoint.prenoms[0] ?? ''}`,
    });
  }
  const envoi =
    rng.suivant() < 0.7 ? adresseDans(rng, commune) : adresseDans(rng, autreCommune(rng, commune));
  const tel = telephone(rng);
  const mail = courriel(demandeur.prenoms[0] ?? 'usager', demandeur.nom);
  const demandeurChamps: Section['champs'] = [
    { nom: 'qualite', libelle: 'Qualité du demandeur', valeur: qualite },
  ];
  if (demandeur !== concerne) {
    demandeurChamps.push(
      { nom: 'nomDemandeur', libelle: 'Nom du demandeur', valeur: demandeur.nom.toUpperCase() },
      { nom: 'prenomDemandeur', libelle: 'Prénom du demandeur', valeur: demandeur.prenoms[0] ?? '' },
    );
  }
  return {
    prenom: demandeur.prenoms[0] ?? '',
    nom: demandeur.nom,
    sections: [
      { titre: 'Acte demandé', champs: acte },
      { titre: 'Personne concernée par l’acte', champs: concerneChamps },
      { titre: 'Demandeur', champs: demandeurChamps },
      { titre: "Adresse d'envoi", champs: champsAdresse(envoi) },
      sectionCoordonnees(mail, tel),
      sectionDeclaration(commune, le),
    ],
  };
}

const NIVEAUX = [
  'Toute petite section',
  'Petite section',
  'Moyenne section',
  'Grande section',
  'CP',
  'CE1',
  'CE2',
  'CM1',
  'CM2',
] as const;

function inscriptionScolaire(
  { rng, commune, le }: Contexte,
  courriel: (p: string, n: string) => string,
): Generation {
  const jour = jourCivil(le);
  const annee = jour.getUTCFullYear();
  const rentree = new Date(Date.UTC(annee, 8, 1));
  const enfant = personne(rng, rentree, 3, 10);
  enfant.nationalite = 'Française';
  // Civil-year generation decides the level: born in (annee - 3) → petite section.
  const niveau =
    NIVEAUX[Math.min(NIVEAUX.length - 1, Math.max(0, annee - enfant.naissance.getUTCFullYear() - 2))] ?? 'CP';
  const mere = personne(rng, le, 24, 50, { sexe: 'F' });
  const pere = personne(rng, le, 24, 55, { sexe: 'M', nom: enfant.nom });
  const premier = rng.suivant() < 0.65 ? mere : pere;
  const second = premier === mere ? pere : mere;
  const adresse = adresseDans(rng, commune);
  const mail = courriel(premier.prenoms[0] ?? 'usager', premier.nom);
  const responsable = (p: Personne, mailP: string, tel: string): Section['champs'] => [
    { nom: 'lien', libelle: "Lien avec l'enfant", valeur: p.sexe === 'F' ? 'Mère' : 'Père' },
    { nom: 'nom', libelle: 'Nom', valeur: p.nom.toUpperCase() },
    { nom: 'prenom', libelle: 'Prénom', valeur: p.prenoms[0] ?? '' },
    { nom: 'telephone', libelle: 'Téléphone', valeur: tel },
    { nom: 'courriel', libelle: 'Adresse courriel', valeur: mailP },
  ];
  const sections: Section[] = [
    {
      titre: "Identité de l'enfant",
      champs: [
        { nom: 'nomEnfant', libelle: 'Nom', valeur: enfant.nom.toUpperCase() },
        { nom: 'prenomsEnfant', libelle: 'Prénom(s)', valeur: enfant.prenoms.join(', ') },
        { nom: 'sexe', libelle: 'Sexe', valeur: enfant.sexe === 'F' ? 'Féminin' : 'Masculin' },
        { nom: 'dateNaissance', libelle: 'Date de naissance', valeur: jjmmaaaa(enfant.naissance) },
        { nom: 'lieuNaissance', libelle: 'Lieu de naissance', valeur: enfant.lieuNaissance },
      ],
    },
    {
      titre: 'Scolarité demandée',
      champs: [
        { nom: 'anneeScolaire', libelle: 'Année scolaire', valeur: `${annee}-${annee + 1}` },
        { nom: 'niveau', libelle: 'Niveau', valeur: niveau },
        { nom: 'ecoleSouhaitee', libelle: 'École de secteur souhaitée', valeur: rng.choisir(commune.ecoles) },
        {
          nom: 'ecolePrecedente',
          libelle: 'École fréquentée précédemment',
          valeur:
            niveau.endsWith('section') && rng.suivant() < 0.7
              ? 'Aucune (première scolarisation)'
              : `École publique ${de(autreCommune(rng, commune).commune)}`,
        },
        {
          nom: 'derogation',
          libelle: 'Demande de dérogation au secteur scolaire',
          valeur: rng.suivant() < 0.15 ? 'Oui — rapprochement de fratrie' : 'Non',
        },
      ],
    },
    { titre: 'Responsable légal 1', champs: responsable(premier, mail, telephone(rng)) },
  ];
  if (rng.suivant() < 0.75) {
    sections.push({
      titre: 'Responsable légal 2',
      champs: responsable(second, courriel(second.prenoms[0] ?? 'usager', second.nom), telephone(rng)),
    });
  }
  sections.push(
    { titre: 'Adresse de la famille', champs: champsAdresse(adresse) },
    {
      titre: 'Services périscolaires',
      champs: [
        {
          nom: 'restauration',
          libelle: 'Restauration scolaire',
          valeur: rng.suivant() < 0.8 ? 'Oui' : 'Non',
        },
        {
          nom: 'accueilPeriscolaire',
          libelle: 'Accueil périscolaire',
          valeur: rng.choisir(['Matin et soir', 'Soir uniquement', 'Matin uniquement', 'Non']),
        },
        {
          nom: 'allergies',
          libelle: 'Allergies ou régime alimentaire',
          valeur: choisirPondere(rng, [
            ['Aucune', 80],
            ["Allergie à l'arachide (PAI en cours)", 6],
            ['Repas sans porc', 8],
            ['Intolérance au lactose', 6],
          ] as const),
        },
      ],
    },
    sectionDeclaration(commune, le),
  );
  return { prenom: premier.prenoms[0] ?? '', nom: premier.nom, sections };
}

interface Occupation {
  nature: string;
  /** Mètres linéaires or m². */
  lineaire: boolean;
  quantite: readonly [number, number];
  /** Duration in days. */
  duree: readonly [number, number];
  /** Share of requests made by a business rather than a private person. */
  partEntreprises: number;
  entreprises: readonly string[];
  positions: readonly string[];
  descriptions: readonly string[];
  horaires: readonly string[];
}

const OCCUPATIONS: readonly Occupation[] = [
  {
    nature: 'Stationnement d’un véhicule de déménagement',
    lineaire: true,
    quantite: [8, 20],
    duree: [1, 2],
    partEntreprises: 0.4,
    entreprises: ['Déménagements Rousseau', 'Transports Le Gall & Fils'],
    positions: ['Chaussée (places de stationnement)', 'Trottoir et chaussée'],
    descriptions: [
      'Déménagement : stationnement du camion (20 m³) devant l’entrée de l’immeuble.',
      'Emménagement au 3e étage avec monte-meubles, neutralisation de deux places de stationnement.',
    ],
    horaires: ['De 7 h 30 à 18 h', 'De 8 h à 13 h'],
  },
  {
    nature: 'Installation d’un échafaudage',
    lineaire: false,
    quantite: [6, 40],
    duree: [5, 30],
    partEntreprises: 1,
    entreprises: ['Peinture & Façades Mercier', 'Couverture Bouvier SAS'],
    positions: ['Trottoir'],
    descriptions: [
      'Ravalement de façade de l’immeuble & remplacement des gouttières.',
      'Réfection de la toiture, levage des matériaux par monte-charge.',
    ],
    horaires: ['Toute la journée (échafaudage laissé en place)'],
  },
  {
    nature: 'Dépôt d’une benne à gravats',
    lineaire: false,
    quantite: [4, 12],
    duree: [2, 10],
    partEntreprises: 0.6,
    entreprises: ['Bâtiment Santoni & Fils', 'Menuiserie Le Gall SARL'],
    positions: ['Chaussée (places de stationnement)', 'Trottoir'],
    descriptions: [
      'Rénovation intérieure d’un appartement, évacuation des gravats.',
      'Démolition d’une cloison et remplacement des menuiseries.',
    ],
    horaires: ['Toute la journée', 'De 8 h à 17 h'],
  },
  {
    nature: 'Terrasse de café ou de restaurant',
    lineaire: false,
    quantite: [12, 60],
    duree: [60, 180],
    partEntreprises: 1,
    entreprises: ['Café de la Place', 'Brasserie « Le Belvédère »', 'Crêperie Ty Breizh'],
    positions: ['Trottoir', 'Place piétonne'],
    descriptions: [
      'Installation de tables et chaises en terrasse pour la saison, sans plancher ni paravent fixe.',
      'Terrasse de 8 tables avec parasols, rangée chaque soir.',
    ],
    horaires: ['De 8 h à 23 h', 'De 11 h à 22 h 30'],
  },
  {
    nature: 'Stockage de matériaux de chantier',
    lineaire: false,
    quantite: [3, 20],
    duree: [3, 20],
    partEntreprises: 0.8,
    entreprises: ['Bâtiment Santoni & Fils', 'Couverture Bouvier SAS'],
    positions: ['Trottoir', 'Chaussée (places de stationnement)'],
    descriptions: [
      'Stockage de palettes de tuiles et de sacs de ciment pendant la réfection de la toiture.',
      'Dépôt de matériaux pour l’extension d’une maison individuelle.',
    ],
    horaires: ['Toute la journée'],
  },
  {
    nature: 'Installation d’un étal ou d’un stand',
    lineaire: false,
    quantite: [2, 9],
    duree: [1, 3],
    partEntreprises: 0.5,
    entreprises: ['Fromagerie des Alpes', 'Vergers et Potagers du Coin'],
    positions: ['Place piétonne', 'Trottoir'],
    descriptions: [
      'Vente de produits locaux lors du marché de Noël.',
      'Stand d’information d’une association de quartier.',
    ],
    horaires: ['De 9 h à 19 h', 'De 8 h à 13 h'],
  },
];

/** 14-digit SIRET with a valid Luhn key. */
function siret(rng: Aleatoire): string {
  const chiffres: number[] = [];
  for (let i = 0; i < 13; i++) chiffres.push(rng.entier(0, 9));
  let somme = 0;
  // Positions from the right, the check digit being position 1: double the even ones.
  for (let i = 0; i < 13; i++) {
    let c = chiffres[12 - i] ?? 0;
    if (i % 2 === 0) {
      c *= 2;
      if (c > 9) c -= 9;
    }
    somme += c;
  }
  chiffres.push((10 - (somme % 10)) % 10);
  const s = chiffres.join('');
  return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}`;
}

function occupationDomainePublic(
  { rng, commune, le }: Contexte,
  courriel: (p: string, n: string) => string,
): Generation {
  const o = rng.choisir(OCCUPATIONS);
  const entreprise = rng.suivant() < o.partEntreprises;
  const p = personne(rng, le, 22, 75);
  const debut = jourCivil(le, rng.entier(7, 45));
  const fin = new Date(debut.getTime() + (rng.entier(o.duree[0], o.duree[1]) - 1) * MS_JOUR);
  const quantite = rng.entier(o.quantite[0], o.quantite[1]);
  const emplacement = adresseDans(rng, commune);
  const demandeur: Section['champs'] = [
    { nom: 'typeDemandeur', libelle: 'Vous êtes', valeur: entreprise ? 'Une entreprise' : 'Un particulier' },
  ];
  if (entreprise) {
    demandeur.push(
      { nom: 'raisonSociale', libelle: 'Raison sociale', valeur: rng.choisir(o.entreprises) },
      { nom: 'siret', libelle: 'Numéro SIRET', valeur: siret(rng) },
    );
  }
  demandeur.push(
    { nom: 'nom', libelle: entreprise ? 'Nom du représentant' : 'Nom', valeur: p.nom.toUpperCase() },
    { nom: 'prenom', libelle: entreprise ? 'Prénom du représentant' : 'Prénom', valeur: p.prenoms[0] ?? '' },
  );
  const tel = telephone(rng);
  const mail = courriel(p.prenoms[0] ?? 'usager', p.nom);
  return {
    prenom: p.prenoms[0] ?? '',
    nom: p.nom,
    sections: [
      { titre: 'Demandeur', champs: demandeur },
      { titre: 'Adresse du demandeur', champs: champsAdresse(adresseDans(rng, commune)) },
      sectionCoordonnees(mail, tel),
      {
        titre: 'Occupation demandée',
        champs: [
          { nom: 'nature', libelle: "Nature de l'occupation", valeur: o.nature },
          {
            nom: 'emplacement',
            libelle: 'Emplacement',
            valeur: `Au droit du ${emplacement.ligne}, ${emplacement.codePostal} ${emplacement.commune}`,
          },
          { nom: 'position', libelle: 'Partie du domaine public occupée', valeur: rng.choisir(o.positions) },
          {
            nom: 'surface',
            libelle: o.lineaire ? 'Longueur occupée' : 'Surface occupée',
            valeur: `${quantite} ${o.lineaire ? 'mètres linéaires' : 'm²'}`,
          },
          { nom: 'dateDebut', libelle: 'Date de début', valeur: jjmmaaaa(debut) },
          { nom: 'dateFin', libelle: 'Date de fin', valeur: jjmmaaaa(fin) },
          { nom: 'horaires', libelle: 'Horaires', valeur: rng.choisir(o.horaires) },
          {
            nom: 'description',
            libelle: 'Description des travaux ou de l’activité',
            valeur: rng.choisir(o.descriptions),
          },
        ],
      },
      sectionDeclaration(commune, le),
    ],
  };
}

const GENERATEURS: Readonly<
  Record<string, (ctx: Contexte, courriel: (p: string, n: string) => string) => Generation>
> = {
  'inscription-listes-electorales': listesElectorales,
  'recensement-citoyen': recensement,
  'changement-coordonnees': changementCoordonnees,
  'acte-etat-civil': acteEtatCivil,
  'inscription-scolaire': inscriptionScolaire,
  'occupation-domaine-public': occupationDomainePublic,
};

const DEMARCHES_PONDEREES = DEMARCHES_DEMO.map((d) => [d.code, POIDS_DEMARCHES[d.code] ?? 1] as const);

/**
 * One télédossier as a citizen submits it to `service` at `deposeLe`: numéro, démarche, courriel,
 * what the citizen typed (données) and 0 to 4 pièces justificatives from the shared pool.
 * `numeroImpose` (e.g. from `numeroDemo(graine, index)`) replaces the numéro drawn from `rng`.
 */
export function genererDossier(
  rng: Aleatoire,
  service: ServiceDemo,
  deposeLe: Date,
  numeroImpose?: string,
): DossierDemo {
  // Drawn even when imposed, so that the rest of the dossier does not depend on the option.
  const tire = genererNumero(rng);
  if (numeroImpose !== undefined && !NUMERO_PATTERN.test(numeroImpose)) {
    throw new RangeError(`Numéro de télédossier invalide : ${numeroImpose}`);
  }
  const numero = numeroImpose ?? tire;
  const codeDemarche = choisirPondere(rng, DEMARCHES_PONDEREES);
  const commune = communeDe(service.codeInsee, service.nom);
  let courriel = '';
  const generer = GENERATEURS[codeDemarche] ?? listesElectorales;
  const g = generer({ rng, commune, le: deposeLe }, (prenom, nom) => {
    const c = courrielUsager(rng, prenom, nom);
    // The first courriel asked for is the one of the person who submits the dossier.
    if (courriel === '') courriel = c;
    return c;
  });
  return {
    numero,
    codeDemarche,
    courriel,
    deposeLe,
    donnees: { demarche: codeDemarche, numero, sections: g.sections },
    piecesJustificatives: choisirPieces(rng, codeDemarche),
  };
}
