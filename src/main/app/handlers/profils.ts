import type { Domaine } from './types.js';

export const profils: Domaine = {
  'profils.lister': (_, n) => ({ profils: n.profils.lister() }),
  'profils.enregistrer': (saisie, n) => n.profils.enregistrer(saisie),
  'profils.supprimer': async ({ id }, n) => {
    if (n.session?.profil.id === id) await n.fermerSession();
    const compte = n.compteTrousseau(id);
    const p = n.profils.supprimer(id);
    if (p.motDePasseMemorise) await n.trousseau.effacer(compte).catch(() => undefined);
    return { ok: true as const };
  },
};
