import type { EventName } from '../../../src/shared/app-api/index.js';
import { creerCoeur, type OptionsCoeurEtendues } from '../../../src/main/app/creer-coeur.js';
import type { Coeur } from '../../../src/main/app/coeur.js';
import type { Compte } from './guichet.js';

export interface AppDeTest {
  coeur: Coeur;
  profilId: string;
  evenements: { nom: EventName; donnees: unknown }[];
}

/** A core on its own data folder, logged in to `url` as `compte`, without automatic sync or archiving. */
export async function ouvrirApp(
  dossierDonnees: string,
  url: string,
  compte: Compte,
  extra: Partial<OptionsCoeurEtendues> = {},
): Promise<AppDeTest> {
  const coeur = await creerCoeur({
    dossierDonnees,
    plateforme: { hote: 'web' },
    version: 'test',
    synchroAutomatique: false,
    intervalleSondeMs: 60_000,
    client: { tentatives: 1, timeoutMs: 5000 },
    ...extra,
  });
  const evenements: AppDeTest['evenements'] = [];
  coeur.ecouterTout((nom, donnees) => evenements.push({ nom, donnees }));
  const { profils } = await coeur.appeler('profils.lister', {});
  const existant = profils.find((p) => p.identifiant === compte.identifiant);
  const profil =
    existant ??
    (await coeur.appeler('profils.enregistrer', {
      nom: 'Mairie de test',
      urlGuichet: url,
      identifiant: compte.identifiant,
    }));
  await coeur.appeler('parametres.enregistrer', { autoArchive: false, notifications: true });
  await coeur.appeler('session.connecter', {
    profilId: profil.id,
    motDePasse: compte.motDePasse,
    memoriser: false,
  });
  return { coeur, profilId: profil.id, evenements };
}

export const TOUT = {
  filtre: {},
  tri: { colonne: 'numero' as const, sens: 'asc' as const },
  offset: 0,
  limite: 500,
};
