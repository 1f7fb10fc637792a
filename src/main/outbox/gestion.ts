import fs from 'node:fs';
import path from 'node:path';
import { ErreurApp } from '../../shared/app-api/index.js';
import { verifierTransition } from '../../shared/workflow/index.js';
import { estConnu, lireDossier, lireServeur, type Db } from '../store/index.js';
import { liensDossiers, lireAction, majLiensDossiers, majStatut, type ActionStockee } from './actions.js';
import { nouvelleCle, TAILLE_LOT_CLOTURE } from './creer.js';
import { supprimerCopies } from './envoi-portail.js';
import { etatCible, recalculer, reglesEnCache } from './optimiste.js';

function actionOuErreur(db: Db, id: string): ActionStockee {
  const a = lireAction(db, id);
  if (!a) throw new ErreurApp('introuvable', "Cette action n'existe pas (ou plus) dans la file d'attente.");
  return a;
}

/** Cancel: the action will never be sent and its optimistic effect disappears. */
export function annulerAction(db: Db, dossierProfil: string, id: string): ActionStockee {
  const a = actionOuErreur(db, id);
  if (a.statut === 'en-cours') {
    throw new ErreurApp(
      'refus',
      "Cette action est en cours d'envoi : attendez la réponse du guichet pour l'annuler.",
    );
  }
  if (a.statut === 'envoyee' || a.statut === 'annulee') {
    throw new ErreurApp('refus', 'Cette action est déjà terminée : elle ne peut plus être annulée.');
  }
  db.transaction(() => {
    majStatut(db, a.seq, 'annulee');
    const regles = reglesEnCache(db);
    for (const n of a.numeros) recalculer(db, n, regles);
  })();
  if (a.fichier) fs.rmSync(path.join(dossierProfil, a.fichier), { force: true });
  supprimerCopies(dossierProfil, a);
  return actionOuErreur(db, id);
}

/**
 * Retry now. After a conflict the action is re-based on the guichet's current version and checked
 * again against the workflow, so a retry never forces an outdated decision through blindly.
 */
export function reessayerAction(db: Db, id: string): ActionStockee {
  const a = actionOuErreur(db, id);
  if (a.statut === 'envoyee' || a.statut === 'annulee' || a.statut === 'en-cours') {
    throw new ErreurApp('refus', "Cette action n'est pas en attente : elle ne peut pas être réessayée.");
  }
  if (a.type === 'justificatif' && a.statut === 'conflit') {
    // The citizen provided another file: deciding on it unseen would be deciding blindly.
    throw new ErreurApp(
      'refus',
      "L'usager a fourni un autre fichier pour ce justificatif : ouvrez-le, puis décidez à nouveau (annulez cette action).",
    );
  }
  db.transaction(() => {
    const regles = reglesEnCache(db);
    let revision = a.revision;
    if (a.statut === 'conflit' || a.statut === 'refusee') {
      // Only what the guichet did not apply is retried (a mass close may be partly done).
      const liens = liensDossiers(db, a.seq);
      const numeros = a.numeros.filter((n) => liens.get(n) !== 'fait');
      for (const n of numeros) {
        // Check against what the agent would see without this action.
        recalculer(db, n, regles);
        const lu = lireDossier(db, n);
        const d = lu && estConnu(lu) ? lu : null;
        const r = d ? regles(d.demarche.code) : null;
        const cible = etatCible(a, r?.workflow);
        if (d && r && cible !== null) {
          const refus = verifierTransition({
            workflow: r.workflow,
            etatActuel: d.etat,
            etatDemande: cible,
            commentaire: a.commentaire,
            slotsRequis: r.demarche.piecesRequises.filter((p) => p.etat === cible).map((p) => p.slot),
            slotsDeposes: d.piecesDeposees.map((p) => p.slot),
          });
          if (refus) throw new ErreurApp('refus', `${n} : ${refus.message}`);
        }
        if (a.type === 'etat') revision = lireServeur(db, n)?.revision ?? revision;
      }
      // New idempotency keys: the old ones would make the guichet repeat its first answer.
      const cles = Array.from(
        { length: Math.max(1, Math.ceil(numeros.length / TAILLE_LOT_CLOTURE)) },
        nouvelleCle,
      );
      db.prepare('UPDATE actions SET revision = ?, numeros_json = ?, cles_json = ? WHERE seq = ?').run(
        revision,
        JSON.stringify(numeros),
        JSON.stringify(cles),
        a.seq,
      );
      majLiensDossiers(db, a.seq, numeros, 'attente');
    }
    majStatut(db, a.seq, 'en-attente', { erreur: null, prochainEssaiMs: null });
    for (const n of a.numeros) recalculer(db, n, regles);
  })();
  return actionOuErreur(db, id);
}
