import { ErreurApp, type Selection } from '../../../shared/app-api/index.js';
import { creerActionCloture, creerActionEtat, creerActionPiece, versActionFile } from '../../outbox/index.js';
import { numerosDuFiltre, type Db } from '../../store/index.js';
import type { Noyau } from '../noyau.js';
import type { SessionOuverte } from '../session.js';
import type { Domaine } from './types.js';

export function resoudreSelection(db: Db, selection: Selection): string[] {
  return 'numeros' in selection ? selection.numeros : numerosDuFiltre(db, selection.filtre);
}

function contexte(s: SessionOuverte) {
  return { db: s.db, dossierProfil: s.dossierProfil, par: s.utilisateur.identifiant };
}

/** After a queued action: tell the UI, then try to send it (it stays queued if we cannot). */
function apres(n: Noyau, numeros: string[]): void {
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
  'actions.cloturer': ({ selection, commentaire }, n) => {
    const s = n.exigerSession();
    const numeros = resoudreSelection(s.db, selection);
    if (numeros.length === 0) throw new ErreurApp('validation', 'Aucun dossier sélectionné.');
    const { action } = creerActionCloture(contexte(s), numeros, commentaire ?? null);
    apres(n, action.numeros);
    return { actions: [versActionFile(action)], dossiers: action.numeros.length };
  },
};
