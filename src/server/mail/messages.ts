import type { Message } from './courrier.js';

/** The notification of the manual (§3.2), sent to every active agent of the service. */
export function messageNouveauDossier(a: string, numero: string, intituleDemarche: string): Message {
  return {
    a,
    etiquette: numero,
    sujet: `Nouveau télédossier ${numero} — ${intituleDemarche}`,
    texte: [
      'Bonjour,',
      '',
      `Un usager a déposé un dossier destiné à votre service dans le cadre d'une démarche en ligne (« ${intituleDemarche} »). Le dossier complet n°${numero} est disponible.`,
      '',
      "Vous pouvez modifier l'état d'avancement du dossier, et transmettre d'éventuelles pièces jointes, en vous connectant au portail de Gestion de Suivi. Pensez à vous munir de vos accès (identifiant / mot de passe) pour vous connecter sur le portail sécurisé.",
      '',
      'Cordialement,',
      'L\'équipe "Suivi des démarches en ligne"',
      '',
      'PS : ce message a été envoyé automatiquement. Merci de ne pas y répondre.',
      '',
    ].join('\n'),
  };
}

export function messageReinitialisation(
  a: string,
  identifiant: string,
  jeton: string,
  validiteMinutes: number,
): Message {
  return {
    a,
    etiquette: `reinitialisation-${identifiant}`,
    sujet: 'Réinitialisation de votre mot de passe — Guichet de Suivi',
    texte: [
      'Bonjour,',
      '',
      `Une demande de réinitialisation du mot de passe du compte « ${identifiant} » a été faite.`,
      `Voici votre code de réinitialisation, valable ${validiteMinutes} minutes et utilisable une seule fois :`,
      '',
      jeton,
      '',
      // The same words as the application's login screen, where the code is entered.
      "Dans l’application Guichet Instructeur, à l’écran de connexion, choisissez « J'ai reçu un code de réinitialisation », puis saisissez ce code et votre nouveau mot de passe.",
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
      '',
      'Cordialement,',
      'L\'équipe "Suivi des démarches en ligne"',
      '',
      'PS : ce message a été envoyé automatiquement. Merci de ne pas y répondre.',
      '',
    ].join('\n'),
  };
}

const SIGNATURE = [
  '',
  'Cordialement,',
  'L\'équipe "Suivi des démarches en ligne"',
  '',
  'PS : ce message a été envoyé automatiquement. Merci de ne pas y répondre.',
  '',
];

/** A citizen wrote about a portal demande: every active agent of the service is told. */
export function messageEchangeUsager(
  a: string,
  numero: string,
  intituleDemarche: string,
  demandeur: string,
  sujet: string,
): Message {
  return {
    a,
    etiquette: `echange-${numero}`,
    sujet: `Nouveau message de l'usager — ${numero} — ${sujet}`,
    texte: [
      'Bonjour,',
      '',
      `${demandeur} a écrit à la mairie au sujet de sa demande n°${numero} (« ${intituleDemarche} ») : « ${sujet} ».`,
      '',
      "Lisez et répondez à ce message depuis l'onglet « Échanges » du dossier, dans l'application Guichet Instructeur.",
      ...SIGNATURE,
    ].join('\n'),
  };
}

/** What the mairie tells the citizen (a message, a state change, a rendez-vous), copied by mail. */
export function messageAUsager(
  a: string,
  numero: string,
  intituleDemarche: string,
  sujet: string,
  texte: string,
): Message {
  return {
    a,
    etiquette: `usager-${numero}`,
    sujet: `${sujet} — demande n°${numero}`,
    texte: [
      'Bonjour,',
      '',
      `La mairie vous a écrit au sujet de votre demande n°${numero} (« ${intituleDemarche} ») :`,
      '',
      sujet,
      '',
      texte,
      '',
      'Retrouvez ce message et répondez-y depuis votre espace citoyen, rubrique « Mes échanges ».',
      ...SIGNATURE,
    ].join('\n'),
  };
}
