/**
 * What the portal's actions carry beyond the columns every action has (stored as JSON in
 * `actions.donnees_json`): the replay reads them back exactly as the agent queued them.
 */

/** A file attached to a queued message: its copy lives in the profile folder until acknowledged. */
export interface PieceMessage {
  nom: string;
  /** Relative to the profile folder. */
  fichier: string;
  taille: number;
  sha256: string;
  /** Recognised from the content, sent as the part's type. */
  type: string;
}

export interface DonneesMessage {
  genre: 'message';
  sujet: string;
  texte: string;
  pieces: PieceMessage[];
}

export interface DonneesJustificatif {
  genre: 'justificatif';
  justificatif: string;
  libelle: string;
  statut: 'valide' | 'invalide';
  motif: string | null;
  /** The file the agent examined: the guichet refuses (409) if the citizen has provided another. */
  fichier: string;
}

export interface DonneesProposition {
  genre: 'proposer-rendez-vous';
  debut: string;
  fin: string;
  lieu: string;
  objet: string;
  remplace: string | null;
}

export interface DonneesAnnulation {
  genre: 'annuler-rendez-vous';
  rendezVous: string;
  debut: string | null;
  motif: string;
}

export type DonneesAction = DonneesMessage | DonneesJustificatif | DonneesProposition | DonneesAnnulation;

/** A date of a rendez-vous as an agent reads it, in the workstation's time zone. */
export function dateHeure(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
}

/** The French summary of a portal action (the file d'attente and the dossier show it). */
export function resumeDonnees(d: DonneesAction): string {
  switch (d.genre) {
    case 'message': {
      const n = d.pieces.length;
      return `Message « ${d.sujet} »${n > 0 ? ` (${n} pièce${n > 1 ? 's' : ''} jointe${n > 1 ? 's' : ''})` : ''}`;
    }
    case 'justificatif':
      return d.statut === 'valide'
        ? `Justificatif « ${d.libelle} » : valide`
        : `Justificatif « ${d.libelle} » : invalide (${d.motif ?? ''})`;
    case 'proposer-rendez-vous':
      return `${d.remplace ? 'Nouveau rendez-vous proposé' : 'Rendez-vous proposé'} le ${dateHeure(d.debut)} (${d.lieu})`;
    case 'annuler-rendez-vous':
      return `Rendez-vous${d.debut ? ` du ${dateHeure(d.debut)}` : ''} annulé : ${d.motif}`;
  }
}
