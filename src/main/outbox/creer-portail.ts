import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Justificatif, Portail } from '../../shared/api/index.js';
import { ErreurApp } from '../../shared/app-api/index.js';
import { etatDe, type LimitesEchanges, type Workflow } from '../../shared/workflow/index.js';
import {
  citerNom,
  nettoyerNomAffiche,
  reconnaitreOctets,
  verdictOuverture,
} from '../archive/types-fichiers.js';
import { ecrireAtomique } from '../commun/fichiers.js';
import { lirePortail, marquerLus, type DossierConnu } from '../store/index.js';
import { insererAction, type ActionStockee } from './actions.js';
import {
  creerActionEtat,
  dossierOuErreur,
  estPdf,
  nouvelleCle,
  regleOuErreur,
  type ContexteCreation,
} from './creer.js';
import { resumeDonnees, type DonneesAction, type PieceMessage } from './donnees.js';
import { reglesEnCache } from './optimiste.js';

/**
 * The portal's actions (message, justificatif, rendez-vous), checked locally against what the
 * guichet served (its limits, the justificatifs and rendez-vous it listed) and queued like every
 * other action: the idempotency key is stored with the row, before anything is sent.
 */

interface DossierPortail {
  d: DossierConnu;
  workflow: Workflow;
  echanges: LimitesEchanges;
  portail: Portail;
}

function dossierPortail(ctx: ContexteCreation, numero: string): DossierPortail {
  const d = dossierOuErreur(ctx.db, numero);
  const { workflow } = regleOuErreur(reglesEnCache(ctx.db), d);
  const portail = lirePortail(ctx.db, numero);
  if (!workflow.echanges || !portail) {
    throw new ErreurApp(
      'refus',
      `Le dossier ${numero} (« ${d.demarche.intitule} ») ne relève pas d'un portail citoyen : il n'a ni échanges, ni justificatifs, ni rendez-vous.`,
    );
  }
  return { d, workflow, echanges: workflow.echanges, portail };
}

function inserer(
  ctx: ContexteCreation,
  numero: string,
  type: 'message' | 'justificatif' | 'rendez-vous',
  donnees: DonneesAction,
  id: string = randomUUID(),
): ActionStockee {
  return insererAction(ctx.db, {
    id,
    type,
    numeros: [numero],
    etat: null,
    commentaire: null,
    slot: null,
    nomFichier: null,
    fichier: null,
    taille: null,
    sha256: null,
    cles: [nouvelleCle()],
    revision: null,
    creeLe: new Date().toISOString(),
    par: ctx.par,
    donnees,
    resume: resumeDonnees(donnees),
  });
}

export interface PieceAJoindre {
  nom: string;
  contenu: Buffer;
}

const libellesFormats: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
};

/** Checked by content, never by the name alone: what the citizen's portal would show must be what it is. */
function verifierPieces(numero: string, limites: LimitesEchanges, pieces: PieceAJoindre[]) {
  const refus = (m: string) => new ErreurApp('refus', `Message au dossier ${numero} non envoyé : ${m}`);
  if (pieces.length > limites.piecesMax) {
    throw refus(
      `un message porte au plus ${limites.piecesMax} pièce${limites.piecesMax > 1 ? 's' : ''} jointe${limites.piecesMax > 1 ? 's' : ''} (${pieces.length} choisies).`,
    );
  }
  const formats = limites.formats.map((f) => libellesFormats[f] ?? f).join(', ');
  return pieces.map((p) => {
    const nom = path.posix.basename(nettoyerNomAffiche(p.nom).replaceAll('\\', '/')).trim();
    if (!nom) throw refus(`une pièce jointe n'a pas de nom.`);
    if (p.contenu.length === 0) throw refus(`le fichier ${citerNom(nom)} est vide.`);
    if (p.contenu.length > limites.tailleMax) {
      throw refus(
        `le fichier ${citerNom(nom)} dépasse la taille maximale de ${Math.floor(limites.tailleMax / 1024)} Ko.`,
      );
    }
    const s = reconnaitreOctets(p.contenu);
    const v = verdictOuverture(nom, s);
    const contenu = s.genre === 'document' ? s.document.libelle : s.libelle;
    if (!v.ok) {
      throw refus(
        v.motif === 'extension'
          ? `le fichier ${citerNom(nom)} ne correspond pas à son contenu (${v.detail}, contenu : ${contenu}).`
          : `le fichier ${citerNom(nom)} n'est pas un document accepté (contenu : ${v.detail}) ; formats acceptés : ${formats}.`,
      );
    }
    if (!limites.formats.includes(v.document.mime))
      throw refus(`le fichier ${citerNom(nom)} est ${contenu} ; formats acceptés : ${formats}.`);
    if (v.document.mime === 'application/pdf' && !estPdf(p.contenu))
      throw refus(`le fichier ${citerNom(nom)} n'est pas un PDF valide (tronqué ou déguisé).`);
    return { nom, contenu: p.contenu, type: v.document.mime, extension: v.document.extension };
  });
}

/** A message to the citizen; its attachments are copied into the profile folder before the row exists. */
export function creerActionMessage(
  ctx: ContexteCreation,
  numero: string,
  sujet: string,
  texte: string,
  pieces: PieceAJoindre[],
): ActionStockee {
  const { echanges } = dossierPortail(ctx, numero);
  if (texte.length > echanges.texteMax) {
    throw new ErreurApp(
      'refus',
      `Message au dossier ${numero} non envoyé : le texte dépasse ${echanges.texteMax} caractères (${texte.length}).`,
    );
  }
  const verifiees = verifierPieces(numero, echanges, pieces);
  const id = randomUUID();
  const copies: PieceMessage[] = [];
  try {
    verifiees.forEach((p, i) => {
      const fichier = path.join('pieces', `${id}-${i + 1}.${p.extension}`);
      // Durable before the row that points to it.
      ecrireAtomique(path.join(ctx.dossierProfil, fichier), p.contenu);
      copies.push({
        nom: p.nom,
        fichier,
        taille: p.contenu.length,
        sha256: createHash('sha256').update(p.contenu).digest('hex'),
        type: p.type,
      });
    });
    return ctx.db.transaction(() => {
      const a = inserer(ctx, numero, 'message', { genre: 'message', sujet, texte, pieces: copies }, id);
      // Whoever answers has read the thread.
      marquerLus(ctx.db, numero);
      return a;
    })();
  } catch (e) {
    for (const c of copies) fs.rmSync(path.join(ctx.dossierProfil, c.fichier), { force: true });
    throw e;
  }
}

function justificatifOuErreur(numero: string, portail: Portail, id: string): Justificatif {
  const j = portail.justificatifs.find((x) => x.id === id);
  if (!j) throw new ErreurApp('introuvable', `Le dossier ${numero} n'a pas de justificatif « ${id} ».`);
  return j;
}

/** Valide / invalide: for the file the agent saw (the guichet refuses if the citizen replaced it). */
export function creerActionJustificatif(
  ctx: ContexteCreation,
  numero: string,
  id: string,
  statut: 'valide' | 'invalide',
  motif: string | null,
): ActionStockee {
  const { portail } = dossierPortail(ctx, numero);
  const j = justificatifOuErreur(numero, portail, id);
  const examine = j.fichier?.id;
  if (!examine) {
    throw new ErreurApp(
      'refus',
      `Le justificatif « ${j.libelle} » du dossier ${numero} n'a pas encore été fourni par l'usager : il ne peut être ni validé ni refusé.`,
    );
  }
  const m = motif?.trim() ?? '';
  if (statut === 'invalide' && !m) {
    throw new ErreurApp(
      'validation',
      `Un motif est obligatoire pour refuser le justificatif « ${j.libelle} ».`,
    );
  }
  return ctx.db.transaction(() =>
    inserer(ctx, numero, 'justificatif', {
      genre: 'justificatif',
      justificatif: j.id,
      libelle: j.libelle,
      statut,
      motif: statut === 'invalide' ? m : null,
      fichier: examine,
    }),
  )();
}

export interface PropositionRendezVous {
  debut: string;
  fin: string;
  lieu: string;
  objet: string;
  remplace?: string;
}

function rendezVousPlanifie(numero: string, portail: Portail, id: string) {
  const r = portail.rendezVous.find((x) => x.id === id);
  if (!r) throw new ErreurApp('introuvable', `Le dossier ${numero} n'a pas de rendez-vous « ${id} ».`);
  if (r.statut !== 'planifie')
    throw new ErreurApp('refus', `Le rendez-vous « ${r.objet} » du dossier ${numero} est déjà annulé.`);
  return r;
}

export function creerActionProposerRendezVous(
  ctx: ContexteCreation,
  numero: string,
  p: PropositionRendezVous,
): ActionStockee {
  const { portail } = dossierPortail(ctx, numero);
  const debut = Date.parse(p.debut);
  const fin = Date.parse(p.fin);
  if (Number.isNaN(debut) || Number.isNaN(fin) || fin <= debut)
    throw new ErreurApp('validation', 'La fin du rendez-vous doit suivre son début.');
  if (p.remplace) rendezVousPlanifie(numero, portail, p.remplace);
  return ctx.db.transaction(() =>
    inserer(ctx, numero, 'rendez-vous', {
      genre: 'proposer-rendez-vous',
      debut: new Date(debut).toISOString(),
      fin: new Date(fin).toISOString(),
      lieu: p.lieu.trim(),
      objet: p.objet.trim(),
      remplace: p.remplace ?? null,
    }),
  )();
}

export function creerActionAnnulerRendezVous(
  ctx: ContexteCreation,
  numero: string,
  id: string,
  motif: string,
): ActionStockee {
  const { portail } = dossierPortail(ctx, numero);
  const r = rendezVousPlanifie(numero, portail, id);
  return ctx.db.transaction(() =>
    inserer(ctx, numero, 'rendez-vous', {
      genre: 'annuler-rendez-vous',
      rendezVous: r.id,
      debut: r.debut,
      motif: motif.trim(),
    }),
  )();
}

/**
 * « Demander une correction »: the justificatifs refused with their motif, then the dossier set to
 * the workflow's « waiting for the citizen » state with what is missing as its comment (the guichet
 * writes to the citizen itself). One transaction: all queued, in this order, or nothing.
 */
export function demanderCorrection(
  ctx: ContexteCreation,
  numero: string,
  manque: string,
  invalides: { id: string; motif: string }[],
): ActionStockee[] {
  return ctx.db.transaction(() => {
    const d = dossierOuErreur(ctx.db, numero);
    const { workflow } = regleOuErreur(reglesEnCache(ctx.db), d);
    const actuel = etatDe(workflow, d.etat);
    const cible = (actuel?.transitions ?? []).find((c) => etatDe(workflow, c)?.attentePieces);
    if (cible === undefined) {
      throw new ErreurApp(
        'refus',
        `Le dossier ${numero} est à l'état « ${actuel?.libelle ?? d.etat} » : une correction ne peut pas être demandée depuis cet état.`,
      );
    }
    const decisions = invalides.map((i) => creerActionJustificatif(ctx, numero, i.id, 'invalide', i.motif));
    return [...decisions, creerActionEtat(ctx, numero, cible, manque)];
  })();
}
