import { verifierDossierInscriptible } from '../deplacement-archives.js';
import type { Domaine } from './types.js';

export const app: Domaine = {
  'app.info': (_, n) => ({
    version: n.options.version,
    hote: n.options.plateforme.hote,
    peutOuvrirFichiers: !!n.options.plateforme.ouvrirFichier,
    peutChoisirDossier: !!n.options.plateforme.choisirDossier,
    peutOuvrirDossier: !!n.options.plateforme.ouvrirDossier,
  }),
  'parametres.lire': (_, n) => n.parametres.lire(),
  'parametres.enregistrer': (modifs, n) => {
    // A folder that cannot take an archive (read-only, full, share disconnected) is refused now,
    // in French, rather than at the first download.
    const actuel = n.parametres.lire().dossierArchives;
    const p = n.parametres.enregistrer(
      modifs.dossierArchives !== undefined && modifs.dossierArchives !== actuel
        ? { ...modifs, dossierArchives: verifierDossierInscriptible(modifs.dossierArchives) }
        : modifs,
    );
    if (modifs.intervalleSynchroMinutes !== undefined) n.taches.planifierSynchro();
    return p;
  },
  'parametres.choisirDossierArchives': async (_, n) => {
    const choisir = n.options.plateforme.choisirDossier;
    if (!choisir) return { dossier: null };
    const dossier = await choisir();
    if (dossier) n.parametres.enregistrer({ dossierArchives: dossier });
    return { dossier };
  },
};
