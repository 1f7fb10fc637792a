/** An answer other than success, always rendered as `{erreur, message, ...details}`. */
export class ErreurApi extends Error {
  constructor(
    readonly statut: number,
    readonly erreur: string,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly entetes: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ErreurApi';
  }

  corps(): Record<string, unknown> {
    return { erreur: this.erreur, message: this.message, ...this.details };
  }
}

export const erreurs = {
  nonAuthentifie: () =>
    new ErreurApi(
      401,
      'non_authentifie',
      'Authentification requise : connectez-vous.',
      {},
      {
        'WWW-Authenticate': 'Bearer',
      },
    ),
  sessionExpiree: () =>
    new ErreurApi(
      401,
      'session_expiree',
      'Votre session a expiré : reconnectez-vous.',
      {},
      {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      },
    ),
  accesRefuse: () =>
    new ErreurApi(
      403,
      'acces_refuse',
      'Cette action est réservée aux administrateurs du service (habilitation « Gestion du suivi et instruction des dossiers »).',
    ),
  dossierIntrouvable: (numero: string) =>
    new ErreurApi(404, 'dossier_introuvable', `Le télédossier ${numero} est introuvable pour votre service.`),
  utilisateurIntrouvable: (identifiant: string) =>
    new ErreurApi(
      404,
      'utilisateur_introuvable',
      `Le compte « ${identifiant} » est introuvable dans votre service.`,
    ),
};
