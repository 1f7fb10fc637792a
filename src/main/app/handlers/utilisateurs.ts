import type { Domaine } from './types.js';

/** Account management (administrators): always online, the guichet enforces the habilitation. */
export const utilisateurs: Domaine = {
  'utilisateurs.lister': (_, n) => n.enLigne((s) => s.client.appel('utilisateurs')),
  'utilisateurs.creer': (u, n) => n.enLigne((s) => s.client.appel('creerUtilisateur', { body: u })),
  'utilisateurs.modifier': ({ identifiant, modifications }, n) =>
    n.enLigne((s) => s.client.appel('modifierUtilisateur', { params: { identifiant }, body: modifications })),
};
