import type { Demandeur } from '../../../shared/api/schemas.js';
import type { DossierDemo } from '../dossier.js';
import type { CleContenu } from '../pieces.js';

/**
 * The portal part of a demo demande, as plain data (numbers, strings, bytes): it crosses a
 * worker_threads boundary during the seed. Ids are derived from the numéro (deterministic, unique).
 */
export interface FichierPortailDemo {
  id: string;
  nom: string;
  contenu: Uint8Array;
  le: number;
}

export interface JustificatifDemo {
  id: string;
  libelle: string;
  statut: 'non-fourni' | 'fourni' | 'valide' | 'invalide';
  motif: string | null;
  fichier: FichierPortailDemo | null;
  decideLe: number | null;
  decidePar: string | null;
  /** The shared demo file the citizen sends for it. */
  modele: { nom: string; cle: CleContenu };
}

export interface MessageDemo {
  id: string;
  le: number;
  sens: 'usager' | 'mairie';
  sujet: string;
  texte: string;
  par: string | null;
  luParUsagerLe: number | null;
  pieces: { nom: string; contenu: Uint8Array }[];
}

export interface RendezVousDemo {
  id: string;
  debut: number;
  fin: number;
  lieu: string;
  objet: string;
  statut: 'planifie' | 'annule';
  annulePar: 'usager' | 'mairie' | null;
  motifAnnulation: string | null;
  remplace: string | null;
}

export interface PortailDemo {
  demandeur: Demandeur;
  justificatifs: JustificatifDemo[];
  messages: MessageDemo[];
  rendezVous: RendezVousDemo[];
}

/** A justificatif the démarche requires: its libellé and the demo file a citizen would send. */
export interface JustificatifRequis {
  libelle: string;
  nom: string;
  cle: CleContenu;
}

export interface DemandePortailDemo {
  dossier: DossierDemo;
  portail: PortailDemo;
  /** Everything the parcours needs to write plausible messages and rendez-vous. */
  contexte: {
    codeDemarche: string;
    intitule: string;
    /** e.g. « la salle des fêtes le 12/06/2027 », « Tim » */
    sujetDemande: string;
    dateEvenement: number | null;
    lieuMairie: string;
  };
}
