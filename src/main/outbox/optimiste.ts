import type { Demarche } from '../../shared/api/index.js';
import type { Workflow } from '../../shared/workflow/index.js';
import {
  afficheDepuisServeur,
  ecrireAffiche,
  lireServeur,
  regleDemarche,
  type Db,
  type DossierAffiche,
} from '../store/index.js';
import { actionsDuDossier, type ActionStockee } from './actions.js';

export type Regles = (codeDemarche: string) => { demarche: Demarche; workflow: Workflow } | null;

/** Memoised rules for a batch (a mass close touches thousands of dossiers of a few démarches). */
export function reglesEnCache(db: Db): Regles {
  const cache = new Map<string, ReturnType<Regles>>();
  return (code) => {
    if (!cache.has(code)) cache.set(code, regleDemarche(db, code));
    return cache.get(code) ?? null;
  };
}

export function etatCible(a: ActionStockee, workflow: Workflow | undefined): number | null {
  if (a.type === 'etat') return a.etat;
  if (a.type === 'cloture') return a.etat ?? workflow?.etatClos ?? null;
  return null;
}

/** What an action looks like on the dossier before the guichet has confirmed it. */
export function appliquerOptimiste(
  affiche: DossierAffiche,
  a: ActionStockee,
  workflow: Workflow | undefined,
): void {
  if (a.type === 'piece') {
    if (a.slot && a.nomFichier && a.sha256 && a.taille !== null) {
      affiche.piecesDeposees.push({
        id: `local-${a.id}`,
        slot: a.slot,
        nom: a.nomFichier,
        taille: a.taille,
        sha256: a.sha256,
        le: a.creeLe,
      });
    }
    return;
  }
  const etat = etatCible(a, workflow);
  if (etat === null) return;
  affiche.etat = etat;
  affiche.dernierCommentaire = a.commentaire;
  affiche.historique.push({ le: a.creeLe, par: a.par, etat, commentaire: a.commentaire });
}

/**
 * Displayed state = last state confirmed by the guichet + every action still pending, in order.
 * Called after any change to either side (sync, acknowledgement, refusal, cancellation), so
 * "reverting" an optimistic change is simply recomputing without it.
 */
export function recalculer(db: Db, numero: string, regles: Regles = reglesEnCache(db)): void {
  const serveur = lireServeur(db, numero);
  if (!serveur) return;
  const affiche = afficheDepuisServeur(serveur);
  affiche.historique = [...affiche.historique];
  affiche.piecesDeposees = [...affiche.piecesDeposees];
  const workflow = regles(serveur.demarche.code)?.workflow;
  for (const a of actionsDuDossier(db, numero, ['en-attente', 'en-cours'])) {
    appliquerOptimiste(affiche, a, workflow);
  }
  ecrireAffiche(db, numero, affiche, serveur);
}
