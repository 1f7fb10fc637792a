import { ErreurApp } from '../../../shared/app-api/index.js';
import { verifierDossierInscriptible } from '../deplacement-archives.js';
import { resoudreSelection } from './actions.js';
import type { Domaine } from './types.js';

export const synchro: Domaine = {
  'synchro.lancer': async (_, n) => {
    await n.assurerEnLigne();
    // The queued actions go first: the sync then brings back the guichet's state including them.
    return n.taches.rejouerPuisSynchroniser(true);
  },
  'connexion.travaillerHorsLigne': (_, n) => n.travaillerHorsLigne(),
  'connexion.seReconnecter': (_, n) => n.seReconnecter(),
  'archives.telecharger': ({ selection, dossierArchives }, n) => {
    const s = n.exigerEnLigne();
    // Another folder for these archives only: the earlier ones stay recorded where they are.
    const dossier = dossierArchives === undefined ? undefined : verifierDossierInscriptible(dossierArchives);
    const { tacheId, total } = n.taches.lancerArchivage(s, resoudreSelection(n, s.db, selection), dossier);
    return { tacheId, total };
  },
  'archives.annuler': ({ tacheId }, n) => {
    if (!n.taches.annuler(tacheId)) throw new ErreurApp('introuvable', 'Cette tâche est déjà terminée.');
    return { ok: true as const };
  },
};
