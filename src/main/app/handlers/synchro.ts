import { ErreurApp } from '../../../shared/app-api/index.js';
import { MESSAGE_HORS_LIGNE } from '../erreurs.js';
import { resoudreSelection } from './actions.js';
import type { Domaine } from './types.js';

export const synchro: Domaine = {
  'synchro.lancer': async (_, n) => {
    const s = n.exigerSession();
    if (s.mode !== 'en-ligne' && !(await n.sonder())) throw new ErreurApp('hors_ligne', MESSAGE_HORS_LIGNE);
    // The queued actions go first: the sync then brings back the guichet's state including them.
    return n.taches.rejouerPuisSynchroniser(true);
  },
  'archives.telecharger': ({ selection }, n) => {
    const s = n.exigerEnLigne();
    return n.taches.lancerArchivage(s, resoudreSelection(s.db, selection));
  },
  'archives.annuler': ({ tacheId }, n) => {
    if (!n.taches.annulerArchivage(tacheId))
      throw new ErreurApp('introuvable', 'Ce téléchargement est déjà terminé.');
    return { ok: true as const };
  },
};
