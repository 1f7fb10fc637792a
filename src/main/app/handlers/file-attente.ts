import {
  actionsParStatut,
  annulerAction,
  compteurs,
  reessayerAction,
  versActionFile,
} from '../../outbox/index.js';
import type { Domaine } from './types.js';

export const fileAttente: Domaine = {
  'fileAttente.lister': (_, n) => ({
    actions: actionsParStatut(n.exigerSession().db, ['en-attente', 'en-cours', 'conflit', 'refusee']).map(
      versActionFile,
    ),
  }),
  'fileAttente.reessayer': ({ id }, n) => {
    const s = n.exigerSession();
    const a = reessayerAction(s.db, id);
    n.bus.emettre('dossiers.changes', { numeros: a.numeros.length <= 1000 ? a.numeros : undefined });
    n.emettreFile();
    n.taches.pousser();
    return versActionFile(a);
  },
  'fileAttente.annuler': ({ id }, n) => {
    const s = n.exigerSession();
    const a = annulerAction(s.db, s.dossierProfil, id);
    n.bus.emettre('dossiers.changes', { numeros: a.numeros.length <= 1000 ? a.numeros : undefined });
    n.emettreFile();
    return versActionFile(a);
  },
  'fileAttente.rejouer': async (_, n) => {
    // Offline or read-only: try to reach the guichet first (it also logs in again).
    const s = await n.assurerEnLigne();
    await n.taches.rejouerFile(true);
    return compteurs(s.db);
  },
};
