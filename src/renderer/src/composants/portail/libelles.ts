import type { Demandeur, RendezVous, StatutJustificatif } from '../../../../shared/api/schemas.js';

/** As the citizen reads them on the portal (seed 004). */
export const LIBELLE_STATUT_JUSTIFICATIF: Record<StatutJustificatif, string> = {
  'non-fourni': 'Non fourni',
  fourni: 'Fourni',
  valide: 'Valide',
  invalide: 'Invalide',
};

export const LIBELLE_CONTACT: Record<Demandeur['contactPrefere'], string> = {
  courriel: 'Courriel',
  telephone: 'Téléphone',
  sms: 'SMS',
  courrier: 'Courrier postal',
};

export const LIBELLE_STATUT_RENDEZ_VOUS: Record<RendezVous['statut'], string> = {
  planifie: 'Planifié',
  annule: 'Annulé',
};

/** Who wrote a message or cancelled a rendez-vous, as a complement (« de l’usager »). */
export const DE_QUI: Record<'usager' | 'mairie', string> = {
  usager: 'de l’usager',
  mairie: 'de la mairie',
};

export const PAR_QUI: Record<'usager' | 'mairie', string> = {
  usager: 'par l’usager',
  mairie: 'par la mairie',
};
