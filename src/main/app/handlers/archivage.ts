import path from 'node:path';
import { ErreurApp } from '../../../shared/app-api/index.js';
import { libelleEtat } from '../../../shared/workflow/rules.js';
import { registreCsv, registrePdf, type LibelleEtat } from '../../registre/index.js';
import {
  acquitterPertes,
  acquitterQuarantaine,
  bilanArchives,
  dossiersArchivesEnUsage,
  lignesRegistre,
  listerPertes,
  regleDemarche,
} from '../../store/index.js';
import { dossierAccessible, lancerControle } from '../controle-archives.js';
import { lancerDeplacement } from '../deplacement-archives.js';
import type { Domaine } from './types.js';

export const archivage: Domaine = {
  'archives.bilan': (_, n) =>
    bilanArchives(n.exigerSession().db, n.maintenant(), n.parametres.lire().joursRisque),
  'archives.verifier': (_, n) => lancerControle(n, n.exigerSession()),
  'archives.deplacer': ({ vers }, n) => lancerDeplacement(n, n.exigerSession(), vers),
  /** Only a folder this workstation keeps archives in: never any path the renderer sends. */
  'archives.ouvrirDossier': async ({ dossierArchives }, n) => {
    const s = n.exigerSession();
    const courant = path.resolve(n.parametres.lire().dossierArchives);
    const chemin = path.resolve(dossierArchives ?? courant);
    const connus = new Set([courant, ...dossiersArchivesEnUsage(s.db).map((d) => d.chemin)]);
    if (!connus.has(chemin))
      throw new ErreurApp('interdit', `${chemin} n'est pas un dossier des archives de ce poste.`);
    if (!dossierAccessible(chemin))
      throw new ErreurApp(
        'introuvable',
        `Le dossier des archives ${chemin} est introuvable ou inaccessible (disque ou partage déconnecté ?).`,
      );
    const ouvrir = n.options.plateforme.ouvrirDossier;
    if (!ouvrir)
      throw new ErreurApp(
        'indisponible',
        `Dans le navigateur, l'application ne peut pas ouvrir un dossier du poste : ouvrez ${chemin} dans votre gestionnaire de fichiers.`,
      );
    await ouvrir(chemin);
    return { ok: true as const };
  },
  'archives.dossiers': (_, n) => {
    const s = n.exigerSession();
    const courant = path.resolve(n.parametres.lire().dossierArchives);
    const dossiers = dossiersArchivesEnUsage(s.db).map((d) => ({
      chemin: d.chemin,
      archives: d.archives,
      courant: d.chemin === courant,
      accessible: dossierAccessible(d.chemin),
    }));
    if (!dossiers.some((d) => d.courant))
      dossiers.push({ chemin: courant, archives: 0, courant: true, accessible: dossierAccessible(courant) });
    return { dossiers: dossiers.filter((d) => d.archives > 0 || d.courant) };
  },
  'archives.registre': async ({ format }, n) => {
    const s = n.exigerSession();
    const lignes = lignesRegistre(s.db);
    const regles = new Map<string, ReturnType<typeof regleDemarche>>();
    const libelle: LibelleEtat = (code, etat) => {
      if (!regles.has(code)) regles.set(code, regleDemarche(s.db, code));
      const r = regles.get(code);
      return r ? libelleEtat(r.workflow, etat) : `État ${etat}`;
    };
    const maintenant = new Date();
    const jour = maintenant.toISOString().slice(0, 10);
    const service = s.utilisateur.service;
    const titre = `Registre des archives — ${service.nom} (${service.codeInsee})`;
    if (format === 'csv') {
      const contenu = registreCsv(lignes, libelle);
      return {
        nom: `registre-archives-${jour}.csv`,
        type: 'text/csv;charset=utf-8',
        contenuBase64: contenu.toString('base64'),
        lignes: lignes.length,
      };
    }
    const contenu = await registrePdf(lignes, libelle, titre, maintenant);
    return {
      nom: `registre-archives-${jour}.pdf`,
      type: 'application/pdf',
      contenuBase64: contenu.toString('base64'),
      lignes: lignes.length,
    };
  },
  'pertes.lister': (_, n) => ({ pertes: listerPertes(n.exigerSession().db) }),
  'pertes.acquitter': ({ numeros }, n) => {
    const s = n.exigerSession();
    const acquittees = acquitterPertes(s.db, numeros);
    n.bus.emettre('dossiers.changes', numeros ? { numeros } : {});
    return { acquittees };
  },
  'illisibles.acquitter': (_, n) => {
    const acquittes = acquitterQuarantaine(n.exigerSession().db, new Date().toISOString());
    n.bus.emettre('dossiers.changes', {});
    return { acquittes };
  },
};
