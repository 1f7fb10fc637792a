import { ErreurApp } from '../../../shared/app-api/index.js';
import { MESSAGE_HORS_LIGNE } from '../erreurs.js';
import { verifierDossierInscriptible } from '../deplacement-archives.js';
import { resoudreSelection } from './actions.js';
import type { Domaine } from './types.js';

export const synchro: Domaine = {
  'synchro.lancer': async (_, n) => {
    const s = n.exigerSession();
    if (s.mode !== 'en-ligne' && !(await n.sonder())) throw new ErreurApp('hors_ligne', MESSAGE_HORS_LIGNE);
    // The queued actions go first: the sync then brings back the guichet's state including them.
    return n.taches.rejouerPuisSynchroniser(true);
  },
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
