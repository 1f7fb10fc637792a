import type { Domaine } from './types.js';

export const app: Domaine = {
  'app.info': (_, n) => ({
    version: n.options.version,
    hote: n.options.plateforme.hote,
    peutOuvrirFichiers: !!n.options.plateforme.ouvrirFichier,
    peutChoisirDossier: !!n.options.plateforme.choisirDossier,
  }),
  'parametres.lire': (_, n) => n.parametres.lire(),
  'parametres.enregistrer': (modifs, n) => {
    const p = n.parametres.enregistrer(modifs);
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
