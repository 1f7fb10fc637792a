import type { Aleatoire } from './aleatoire.js';
import { choisirPondere, echantillon } from './aleatoire.js';
import { jpegFacade, jpegPieceIdentite, pngPlanEmplacement } from './images.js';
import { pdfDemo } from './pdf.js';

export interface FichierDemo {
  nom: string;
  type: string;
  contenu: Uint8Array;
}

const MENTION = 'Document de démonstration : toutes les données sont fictives.';

export type CleContenu =
  | 'caf'
  | 'facture'
  | 'quittance'
  | 'avis-imposition'
  | 'hebergement'
  | 'livret'
  | 'assurance'
  | 'radiation'
  | 'vaccinations'
  | 'kbis'
  | 'identite'
  | 'facade'
  | 'plan';

const FABRIQUES: Readonly<Record<CleContenu, () => Uint8Array>> = {
  caf: () =>
    pdfDemo("Attestation de paiement et de quotient familial — Caisse d'allocations familiales", [
      MENTION,
      '',
      'Caisse d’allocations familiales (démonstration)',
      'Numéro d’allocataire : 1 234 567',
      'Quotient familial du mois : 742 €',
      'Prestations versées : allocations familiales, allocation de rentrée scolaire.',
    ]),
  facture: () =>
    pdfDemo("Facture d'électricité — justificatif de domicile", [
      MENTION,
      '',
      'Fournisseur : Énergie Publique de France (démonstration)',
      'Référence client : 4 015 872 336',
      'Période de consommation : du 01/01 au 28/02',
      'Consommation : 612 kWh — Montant TTC : 128,47 €',
      '',
      'Le titulaire du contrat est domicilié à l’adresse indiquée dans la demande.',
    ]),
  quittance: () =>
    pdfDemo('Quittance de loyer', [
      MENTION,
      '',
      'Je soussigné(e), propriétaire du logement, déclare avoir reçu la somme de 685,00 € au titre du',
      'loyer et des charges du mois écoulé, et en donne quittance, sous réserve de tous mes droits.',
      '',
      'Loyer : 610,00 € — Provision pour charges : 75,00 €',
    ]),
  'avis-imposition': () =>
    pdfDemo("Avis d'impôt sur le revenu", [
      MENTION,
      '',
      'Direction générale des Finances publiques (démonstration)',
      'Numéro fiscal : 30 12 345 678 901',
      'Revenu fiscal de référence : 24 180 €',
      'Adresse de l’habitation principale au 1er janvier : voir la demande.',
    ]),
  hebergement: () =>
    pdfDemo("Attestation d'hébergement", [
      MENTION,
      '',
      'Je soussigné(e) atteste sur l’honneur héberger à mon domicile, depuis plus de trois mois, la',
      'personne désignée dans la demande.',
      '',
      'Pièces jointes : copie de ma pièce d’identité et justificatif de domicile à mon nom.',
      'Fait pour servir et valoir ce que de droit.',
    ]),
  livret: () =>
    pdfDemo('Livret de famille — extrait', [
      MENTION,
      '',
      'Mariage célébré en mairie — époux et épouse : voir la demande.',
      'Enfants inscrits au livret : 2',
      '',
      'Copie certifiée conforme par le déclarant.',
    ]),
  assurance: () =>
    pdfDemo('Attestation d’assurance responsabilité civile', [
      MENTION,
      '',
      'La compagnie Mutuelle de l’Ouest (démonstration) certifie que l’assuré désigné dans la demande',
      'est titulaire d’un contrat garantissant sa responsabilité civile pour l’occupation du domaine',
      'public, valable du 1er janvier au 31 décembre.',
      '',
      'Contrat n° RC-2024-088412',
    ]),
  radiation: () =>
    pdfDemo('Certificat de radiation', [
      MENTION,
      '',
      'La directrice de l’école précédente certifie que l’élève désigné dans la demande a été radié',
      'des registres de l’école et peut être inscrit dans un autre établissement.',
      'Dernière classe fréquentée : voir la demande.',
    ]),
  vaccinations: () =>
    pdfDemo('Carnet de santé — vaccinations obligatoires', [
      MENTION,
      '',
      'Diphtérie, tétanos, poliomyélite : à jour',
      'Coqueluche, Haemophilus influenzae b, hépatite B : à jour',
      'Pneumocoque, méningocoque C, rougeole-oreillons-rubéole : à jour',
    ]),
  kbis: () =>
    pdfDemo('Extrait Kbis', [
      MENTION,
      '',
      'Registre du commerce et des sociétés (démonstration)',
      'Immatriculation : voir le numéro SIRET indiqué dans la demande.',
      'Activité : travaux du bâtiment, commerce, restauration.',
      'Extrait délivré il y a moins de trois mois.',
    ]),
  identite: jpegPieceIdentite,
  facade: jpegFacade,
  plan: pngPlanEmplacement,
};

const TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** Candidate pièces justificatives per démarche: file name in the archive, shared content. */
const PIECES_PAR_DEMARCHE: Readonly<Record<string, readonly (readonly [string, CleContenu])[]>> = {
  'inscription-listes-electorales': [
    ['carte-identite.jpg', 'identite'],
    ['justificatif-domicile.pdf', 'facture'],
    ['avis-imposition.pdf', 'avis-imposition'],
    ['attestation-hebergement.pdf', 'hebergement'],
  ],
  'recensement-citoyen': [
    ['piece-identite.jpg', 'identite'],
    ['livret-de-famille.pdf', 'livret'],
    ['justificatif-domicile.pdf', 'quittance'],
  ],
  'changement-coordonnees': [
    ['justificatif-domicile.pdf', 'facture'],
    ['quittance-loyer.pdf', 'quittance'],
    ['piece-identite.jpg', 'identite'],
  ],
  'acte-etat-civil': [
    ['piece-identite.jpg', 'identite'],
    ['livret-de-famille.pdf', 'livret'],
  ],
  'inscription-scolaire': [
    ['livret-de-famille.pdf', 'livret'],
    ['justificatif-domicile.pdf', 'facture'],
    ['carnet-vaccinations.pdf', 'vaccinations'],
    ['certificat-radiation.pdf', 'radiation'],
  ],
  'occupation-domaine-public': [
    ['plan-emplacement.png', 'plan'],
    ['attestation-assurance.pdf', 'assurance'],
    ['photo-facade.jpg', 'facade'],
    ['extrait-kbis.pdf', 'kbis'],
  ],
};

const contenus = new Map<CleContenu, Uint8Array>();
const fichiers = new Map<string, FichierDemo>();

function contenu(cle: CleContenu): Uint8Array {
  let c = contenus.get(cle);
  if (!c) {
    c = FABRIQUES[cle]();
    contenus.set(cle, c);
  }
  return c;
}

/** The shared FichierDemo for a name and content: same object (and same bytes) every time. */
function fichier(nom: string, cle: CleContenu): FichierDemo {
  const k = `${nom}|${cle}`;
  let f = fichiers.get(k);
  if (!f) {
    const extension = nom.slice(nom.lastIndexOf('.') + 1);
    f = Object.freeze({ nom, type: TYPES[extension] ?? 'application/octet-stream', contenu: contenu(cle) });
    fichiers.set(k, f);
  }
  return f;
}

/** One shared demo file (the portal demandes' justificatifs draw from the same contents). */
export function pieceDemo(nom: string, cle: CleContenu): FichierDemo {
  return fichier(nom, cle);
}

/** Every pièce the generator can attach (built once, then shared). */
export function poolPieces(): FichierDemo[] {
  return Object.values(PIECES_PAR_DEMARCHE).flatMap((l) => l.map(([nom, cle]) => fichier(nom, cle)));
}

/** 0 to 4 distinct pièces justificatives for a dossier of `codeDemarche`, from the shared pool. */
export function choisirPieces(rng: Aleatoire, codeDemarche: string): FichierDemo[] {
  const candidates = PIECES_PAR_DEMARCHE[codeDemarche] ?? [];
  const n = choisirPondere(rng, [
    [0, 10],
    [1, 25],
    [2, 35],
    [3, 20],
    [4, 10],
  ] as const);
  return echantillon(rng, candidates, n).map(([nom, cle]) => fichier(nom, cle));
}
