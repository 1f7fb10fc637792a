import { ErreurApp, type Selection } from '../../../shared/app-api/index.js';
import {
  bilanCreation,
  creerActionEtat,
  creerActionPiece,
  creerCloture,
  examinerCloture,
  suivreCloture,
  versActionFile,
} from '../../outbox/index.js';
import { numerosDuFiltre, type Db } from '../../store/index.js';
import type { Noyau } from '../noyau.js';
import type { SessionOuverte } from '../session.js';
import type { Domaine } from './types.js';

/** The numéros a selection names; a filter is read with the same clock and « à risque » delay as the list. */
export function resoudreSelection(n: Noyau, db: Db, selection: Selection): string[] {
  return 'numeros' in selection
    ? selection.numeros
    : numerosDuFiltre(db, selection.filtre, n.maintenant(), n.parametres.lire().joursRisque);
}

export function contexte(s: SessionOuverte) {
  return { db: s.db, dossierProfil: s.dossierProfil, par: s.utilisateur.identifiant };
}

/** After a queued action: tell the UI, then try to send it (it stays queued if we cannot). */
export function apres(n: Noyau, numeros: string[]): void {
  n.bus.emettre('dossiers.changes', { numeros: numeros.length <= 1000 ? numeros : undefined });
  n.emettreFile();
  n.taches.pousser();
}

export const actions: Domaine = {
  'actions.changerEtat': ({ numero, etat, commentaire }, n) => {
    const s = n.exigerSession();
    const a = creerActionEtat(contexte(s), numero, etat, commentaire ?? null);
    apres(n, [numero]);
    return versActionFile(a);
  },
  'actions.joindre': ({ numero, slot, nom, contenuBase64 }, n) => {
    const s = n.exigerSession();
    const contenu = Buffer.from(contenuBase64, 'base64');
    if (contenu.length === 0) throw new ErreurApp('validation', 'Le fichier joint est vide.');
    const a = creerActionPiece(contexte(s), numero, slot, nom, contenu);
    apres(n, [numero]);
    return versActionFile(a);
  },
  'actions.examinerCloture': ({ selection, commentaire }, n) => {
    const s = n.exigerSession();
    const numeros = resoudreSelection(n, s.db, selection);
    if (numeros.length === 0) throw new ErreurApp('validation', 'Aucun dossier sélectionné.');
    return examinerCloture(s.db, numeros, commentaire ?? null);
  },
  // Every dossier left out is in the answer with its reason; nothing is queued when all are.
  'actions.cloturer': ({ selection, commentaire }, n) => {
    const s = n.exigerSession();
    const numeros = resoudreSelection(n, s.db, selection);
    if (numeros.length === 0) throw new ErreurApp('validation', 'Aucun dossier sélectionné.');
    const creation = creerCloture(contexte(s), numeros, commentaire ?? null);
    if (creation.action) apres(n, creation.action.numeros);
    return bilanCreation(creation);
  },
  'actions.suivreCloture': ({ ids }, n) => suivreCloture(n.exigerSession().db, ids),
};
