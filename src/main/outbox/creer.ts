import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ErreurApp } from '../../shared/app-api/index.js';
import {
  etatDe,
  libelleEtat,
  piecesDeposablesDepuis,
  verifierTransition,
} from '../../shared/workflow/index.js';
import { ecrireAtomique } from '../commun/fichiers.js';
import { estConnu, lireDossier, type Db, type DossierConnu } from '../store/index.js';
import { insererAction, type ActionStockee } from './actions.js';
import { recalculer, reglesEnCache, type Regles } from './optimiste.js';

/** Mass close goes out in chunks of at most this many numéros (the API's limit). */
export const TAILLE_LOT_CLOTURE = 1000;

export interface ContexteCreation {
  db: Db;
  /** The profile's folder: queued PDFs are copied under `pieces/`. */
  dossierProfil: string;
  /** Identifiant of the agent, shown in the optimistic historique entry. */
  par: string | null;
}

export function dossierOuErreur(db: Db, numero: string): DossierConnu {
  const d = lireDossier(db, numero);
  if (!d)
    throw new ErreurApp('introuvable', `Le dossier ${numero} est inconnu localement : synchronisez d'abord.`);
  if (d.supprimeDuGuichet || !estConnu(d)) {
    throw new ErreurApp(
      'refus',
      `Le dossier ${numero} a été supprimé du guichet : il ne peut plus être modifié.`,
    );
  }
  return d;
}

export function regleOuErreur(regles: Regles, d: DossierConnu) {
  const r = regles(d.demarche.code);
  if (!r) {
    throw new ErreurApp(
      'refus',
      `Le workflow de la démarche « ${d.demarche.intitule} » est inconnu : synchronisez d'abord.`,
    );
  }
  return r;
}

function refusTransition(
  regles: Regles,
  d: DossierConnu,
  etat: number,
  commentaire: string | null,
): string | null {
  return refusDuDossier(regleOuErreur(regles, d), d, etat, commentaire)?.message ?? null;
}

/** The workflow's verdict on this dossier going to `etat`: the state, the comment, the pièces its démarche requires. */
export function refusDuDossier(
  { demarche, workflow }: NonNullable<ReturnType<Regles>>,
  d: DossierConnu,
  etat: number,
  commentaire: string | null,
) {
  return verifierTransition({
    workflow,
    etatActuel: d.etat,
    etatDemande: etat,
    commentaire,
    slotsRequis: demarche.piecesRequises.filter((p) => p.etat === etat).map((p) => p.slot),
    slotsDeposes: d.piecesDeposees.map((p) => p.slot),
  });
}

export function nouvelleCle(): string {
  return randomUUID().replaceAll('-', '');
}

/** Changes the state: checked locally, applied optimistically and queued in one transaction. */
export function creerActionEtat(
  ctx: ContexteCreation,
  numero: string,
  etat: number,
  commentaire: string | null,
): ActionStockee {
  const { db } = ctx;
  return db.transaction(() => {
    const regles = reglesEnCache(db);
    const d = dossierOuErreur(db, numero);
    const refus = refusTransition(regles, d, etat, commentaire);
    if (refus) throw new ErreurApp('refus', refus);
    const a = insererAction(db, {
      id: randomUUID(),
      type: 'etat',
      numeros: [numero],
      etat,
      commentaire: commentaire?.trim() ? commentaire : null,
      slot: null,
      nomFichier: null,
      fichier: null,
      taille: null,
      sha256: null,
      cles: [nouvelleCle()],
      revision: d.revision,
      creeLe: new Date().toISOString(),
      par: ctx.par,
      resume: `État « ${libelleEtat(regleOuErreur(regles, d).workflow, etat)} »${commentaire?.trim() ? ` : ${commentaire.trim()}` : ''}`,
    });
    recalculer(db, numero, regles);
    return a;
  })();
}

export function estPdf(contenu: Buffer): boolean {
  if (contenu.length < 16 || contenu.subarray(0, 5).toString('latin1') !== '%PDF-') return false;
  // A real PDF ends with its trailer; a renamed file or a truncated copy does not.
  return contenu
    .subarray(Math.max(0, contenu.length - 1024))
    .toString('latin1')
    .includes('%%EOF');
}

/** Attaches a PDF to a slot: the file is copied atomically into the profile folder first. */
export function creerActionPiece(
  ctx: ContexteCreation,
  numero: string,
  slot: string,
  nom: string,
  contenu: Buffer,
): ActionStockee {
  const { db } = ctx;
  const regles = reglesEnCache(db);
  const d = dossierOuErreur(db, numero);
  const { workflow } = regleOuErreur(regles, d);
  const possibles = [
    ...(etatDe(workflow, d.etat)?.pieces ?? []),
    ...piecesDeposablesDepuis(workflow, d.etat),
  ];
  const piece = possibles.find((p) => p.slot === slot);
  if (!piece) {
    throw new ErreurApp(
      'refus',
      `La pièce jointe « ${slot} » ne peut pas être déposée sur ce dossier dans son état actuel.`,
    );
  }
  if (!piece.formats.includes('application/pdf') || !estPdf(contenu)) {
    throw new ErreurApp('refus', `Le fichier « ${nom} » n'est pas un PDF valide.`);
  }
  if (contenu.length > piece.tailleMax) {
    throw new ErreurApp(
      'refus',
      `Le fichier « ${nom} » dépasse la taille maximale de ${Math.floor(piece.tailleMax / 1024)} Ko pour « ${piece.libelle} ».`,
    );
  }
  const id = randomUUID();
  const relatif = path.join('pieces', `${id}.pdf`);
  const absolu = path.join(ctx.dossierProfil, relatif);
  // The copy is durable before the row that points to it exists.
  ecrireAtomique(absolu, contenu);
  try {
    return db.transaction(() => {
      const a = insererAction(db, {
        id,
        type: 'piece',
        numeros: [numero],
        etat: null,
        commentaire: null,
        slot,
        nomFichier: path.basename(nom),
        fichier: relatif,
        taille: contenu.length,
        sha256: createHash('sha256').update(contenu).digest('hex'),
        cles: [nouvelleCle()],
        revision: d.revision,
        creeLe: new Date().toISOString(),
        par: ctx.par,
        resume: `Pièce jointe « ${path.basename(nom)} » (${piece.libelle})`,
      });
      recalculer(db, numero, regles);
      return a;
    })();
  } catch (e) {
    fs.rmSync(absolu, { force: true });
    throw e;
  }
}
