import fs from 'node:fs';
import { appMethods, ErreurApp, type MethodName, type MethodResult } from '../../shared/app-api/index.js';
import { balayerOuvertures, supprimerOuvertures, type BilanSuppression } from '../archive/index.js';
import type { Coeur } from './coeur.js';
import { versErreurApp } from './erreurs.js';
import { actions } from './handlers/actions.js';
import { app } from './handlers/app.js';
import { archivage } from './handlers/archivage.js';
import { consultation } from './handlers/consultation.js';
import { contenu } from './handlers/contenu.js';
import { fileAttente } from './handlers/file-attente.js';
import { portail } from './handlers/portail.js';
import { profils } from './handlers/profils.js';
import { session } from './handlers/session.js';
import { synchro } from './handlers/synchro.js';
import type { Domaine, Handler, Handlers } from './handlers/types.js';
import { utilisateurs } from './handlers/utilisateurs.js';
import { Noyau, type OptionsCoeurEtendues } from './noyau.js';

export type { OptionsCoeurEtendues } from './noyau.js';

/** One handler per method, assembled from the per-domain files; a duplicate or a gap is a bug. */
function assembler(...domaines: Domaine[]): Handlers {
  const tous: Partial<Record<MethodName, unknown>> = {};
  for (const d of domaines) {
    for (const [nom, h] of Object.entries(d)) {
      if (nom in tous) throw new Error(`Méthode ${nom} définie deux fois.`);
      tous[nom as MethodName] = h;
    }
  }
  const manquantes = Object.keys(appMethods).filter((m) => !(m in tous));
  if (manquantes.length) throw new Error(`Méthodes sans implémentation : ${manquantes.join(', ')}`);
  return tous as Handlers;
}

const handlers = assembler(
  app,
  profils,
  session,
  consultation,
  contenu,
  actions,
  portail,
  fileAttente,
  synchro,
  archivage,
  utilisateurs,
);

/**
 * The desktop app's core: plain Node, no Electron. Every call is validated on the way in (args
 * schema → ErreurApp 'validation') and on the way out (result schema), and every failure leaves as
 * an ErreurApp with a French message.
 */
/** Copies of pièces that could not be deleted stay listed in the log: they are citizens' documents. */
function signalerRestants(bilan: BilanSuppression): void {
  for (const r of bilan.restants)
    console.warn(
      `Copie d'une pièce non supprimée (elle le sera au prochain démarrage) : ${r.chemin} — ${r.erreur}`,
    );
}

export async function creerCoeur(options: OptionsCoeurEtendues): Promise<Coeur> {
  fs.mkdirSync(options.dossierDonnees, { recursive: true });
  // What a crash or a forced quit left behind of the pièces handed to the system's reader.
  signalerRestants(balayerOuvertures(options.dossierDonnees));
  const noyau = new Noyau(options);
  let ferme = false;

  return {
    async appeler<K extends MethodName>(methode: K, args: unknown): Promise<MethodResult<K>> {
      if (ferme) throw new ErreurApp('ferme', "L'application est en cours de fermeture.");
      const def = appMethods[methode] as (typeof appMethods)[MethodName] | undefined;
      if (!def) throw new ErreurApp('validation', `Méthode inconnue : ${String(methode)}.`);
      const entree = def.args.safeParse(args ?? {});
      if (!entree.success) {
        const i = entree.error.issues[0];
        throw new ErreurApp(
          'validation',
          `Paramètres invalides${i ? ` (${i.path.join('.') || 'racine'} : ${i.message})` : ''}.`,
        );
      }
      let resultat: unknown;
      try {
        const h = handlers[methode] as Handler<K>;
        resultat = await h(entree.data as Parameters<Handler<K>>[0], noyau);
      } catch (e) {
        noyau.surErreurReseau(e);
        throw versErreurApp(e);
      }
      const sortie = def.result.safeParse(resultat);
      if (!sortie.success) {
        const i = sortie.error.issues[0];
        throw new ErreurApp(
          'interne',
          `Réponse interne invalide pour ${methode}${i ? ` (${i.path.join('.')} : ${i.message})` : ''}.`,
        );
      }
      return sortie.data as MethodResult<K>;
    },
    ecouter: (evenement, ecouteur) => noyau.bus.ecouter(evenement, ecouteur),
    ecouterTout: (ecouteur) => noyau.bus.ecouterTout(ecouteur),
    async fermer() {
      ferme = true;
      await noyau.fermerSession();
      signalerRestants(supprimerOuvertures(options.dossierDonnees));
    },
  };
}
