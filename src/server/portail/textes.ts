import { PORTAIL, type EtatWorkflow } from '../../shared/workflow/index.js';

/** « jeudi 4 décembre 2026 à 09:30 », in the mairie's time zone. */
export function dateHeureFrancaise(ms: number): string {
  const d = new Date(ms);
  const jour = d.toLocaleDateString('fr-FR', {
    timeZone: 'Europe/Paris',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const heure = d.toLocaleTimeString('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${jour} à ${heure}`;
}

const SUJETS: Readonly<Record<number, string>> = {
  [PORTAIL.enTraitement]: 'Votre demande est en cours de traitement',
  [PORTAIL.incomplet]: 'Votre demande est incomplète',
  [PORTAIL.complet]: 'Votre demande est complète',
  [PORTAIL.rejete]: 'Votre demande a été rejetée',
  [PORTAIL.annule]: 'Votre demande a été annulée',
  [PORTAIL.valide]: 'Votre demande a été validée',
};

/** The automatic message of a notified state change: what the citizen reads in « Mes échanges ». */
export function messageChangementEtat(
  cible: EtatWorkflow,
  commentaire: string | null,
): { sujet: string; texte: string } {
  const sujet = SUJETS[cible.code] ?? `Votre demande est à l'état « ${cible.libelle} »`;
  const lignes: string[] = [];
  switch (cible.code) {
    case PORTAIL.incomplet:
      lignes.push("L'agent instructeur a relevé des manques dans votre demande :", '', commentaire ?? '');
      lignes.push('', 'Merci de fournir les éléments demandés depuis votre espace citoyen.');
      break;
    case PORTAIL.rejete:
    case PORTAIL.annule:
      lignes.push(`Motif : ${commentaire ?? ''}`);
      break;
    case PORTAIL.valide:
      lignes.push('Votre demande a été validée, le résultat doit vous parvenir.');
      if (commentaire) lignes.push('', commentaire);
      break;
    case PORTAIL.complet:
      lignes.push('Les pièces de votre demande ont été vérifiées : elle est complète et va être décidée.');
      if (commentaire) lignes.push('', commentaire);
      break;
    case PORTAIL.enTraitement:
      lignes.push('Un agent de la mairie a pris en charge votre demande.');
      if (commentaire) lignes.push('', commentaire);
      break;
    default:
      lignes.push(`Votre demande est désormais à l'état « ${cible.libelle} ».`);
      if (commentaire) lignes.push('', commentaire);
  }
  return { sujet, texte: lignes.join('\n') };
}

export function messageJustificatifRefuse(libelle: string, motif: string): { sujet: string; texte: string } {
  return {
    sujet: 'Un justificatif fourni a été refusé',
    texte: [
      `Le justificatif « ${libelle} » que vous avez fourni a été refusé.`,
      `Motif : ${motif}`,
      '',
      'Merci d’en fournir un nouveau depuis votre espace citoyen, rubrique « Mes justificatifs à fournir ».',
    ].join('\n'),
  };
}

export function messageRendezVousPropose(
  r: { debut: number; lieu: string; objet: string },
  remplace: { debut: number } | null,
): { sujet: string; texte: string } {
  const lignes = [`Objet : ${r.objet}`, `Date : ${dateHeureFrancaise(r.debut)}`, `Lieu : ${r.lieu}`];
  if (remplace) {
    return {
      sujet: 'Votre rendez-vous a été déplacé',
      texte: [
        `Votre rendez-vous du ${dateHeureFrancaise(remplace.debut)} est remplacé par celui-ci :`,
        '',
        ...lignes,
        '',
        'Si ce créneau ne vous convient pas, répondez à ce message.',
      ].join('\n'),
    };
  }
  return {
    sujet: 'Un rendez-vous vous est proposé',
    texte: [
      'La mairie vous propose un rendez-vous :',
      '',
      ...lignes,
      '',
      'Si ce créneau ne vous convient pas, répondez à ce message.',
    ].join('\n'),
  };
}

export function messageRendezVousAnnule(
  r: { debut: number; objet: string },
  motif: string,
): { sujet: string; texte: string } {
  return {
    sujet: 'Votre rendez-vous a été annulé',
    texte: [
      `Votre rendez-vous du ${dateHeureFrancaise(r.debut)} (${r.objet}) est annulé.`,
      `Motif : ${motif}`,
    ].join('\n'),
  };
}
