import { randomUUID } from 'node:crypto';
import type { Justificatif, MessageEchange, RendezVous } from '../../shared/api/schemas.js';
import { etatDe, PORTAIL, verifierTransitionUsager, type Workflow } from '../../shared/workflow/index.js';
import { sha256 } from '../db/blobs.js';
import type { DossierLigne } from '../db/dossiers.js';
import { nettoyerNomFichier } from '../dossiers/nomFichier.js';
import type { Message } from '../mail/courrier.js';
import { messageEchangeUsager } from '../mail/messages.js';
import { ajouterMessage } from '../portail/echanges.js';
import { typeDetecte } from '../portail/fichiers.js';
import { chargerPortails } from '../portail/presentation.js';
import {
  agir,
  demandeUsager,
  ErreurUsager,
  refuserSiTerminee,
  TAILLE_MAX_USAGER,
  type ContexteUsager,
} from './contexte.js';

export interface PieceUsager {
  nom: string;
  octets: Buffer;
}

function portailDe(ctx: ContexteUsager, numero: string) {
  const l = ctx.depots.dossiers.parNumeroSeul(numero);
  const p = l && chargerPortails(ctx.depots, [l]).get(l.id);
  if (!p) throw new Error(`Demande ${numero} disparue pendant l'action.`);
  return p;
}

function verifierPiece(p: PieceUsager): void {
  if (p.octets.length > TAILLE_MAX_USAGER) {
    throw new ErreurUsager(
      `« ${p.nom} » dépasse ${TAILLE_MAX_USAGER / 1024 / 1024} Mo : le portail le refuse.`,
    );
  }
}

/** The state the citizen gives by correcting the demande (« rectifié »: flagged « à revoir »). */
function etatRectifie(wf: Workflow): number | undefined {
  return wf.etats.find((e) => e.aRevoir)?.code;
}

/**
 * The state the citizen gives by cancelling: the terminal one among the citizen's transitions. From
 * a state the citizen cannot leave, the usual one, so that the refusal names it.
 */
function etatAnnulation(wf: Workflow, etat: number): number {
  const terminal = (c: number) => etatDe(wf, c)?.terminal === true;
  return (
    (etatDe(wf, etat)?.transitionsUsager ?? []).find(terminal) ??
    wf.etats.flatMap((e) => e.transitionsUsager ?? []).find(terminal) ??
    PORTAIL.annule
  );
}

/** A state change by the citizen: historique par null, revision + 1, new seq. */
function changerEtatUsager(
  ctx: ContexteUsager,
  l: DossierLigne,
  wf: Workflow,
  etat: number,
  commentaire: string | null,
  dernierCommentaire: string | null,
  le: number,
): void {
  const refus = verifierTransitionUsager(wf, l.etat, etat, commentaire);
  if (refus) throw new ErreurUsager(refus.message);
  const closLe = etat === wf.etatClos ? le : null;
  ctx.depots.dossiers.changerEtat(l.id, etat, dernierCommentaire, ctx.depots.prochainSeq(), closLe);
  ctx.depots.dossiers.ajouterHistorique(l.id, { le, par: null, etat, commentaire });
}

function courrielsAgents(ctx: ContexteUsager, l: DossierLigne, sujet: string, courriels: Message[]): void {
  const intitule = ctx.depots.referentiel.demarche(l.demarcheId).intitule;
  const d = ctx.depots.demandeurs.lire(l.id);
  const nom = d ? `${d.prenom} ${d.nom}` : l.courriel;
  for (const u of ctx.depots.utilisateurs.duService(l.serviceId, true)) {
    courriels.push(messageEchangeUsager(u.courriel, l.numero, intitule, nom, sujet));
  }
}

/** The citizen writes to the mairie; every active agent of the service gets a mail. */
export function repondre(
  ctx: ContexteUsager,
  numero: string,
  m: { sujet: string; texte: string; pieces?: PieceUsager[] },
): MessageEchange {
  const sujet = m.sujet.trim();
  const texte = m.texte.trim();
  if (!sujet) throw new ErreurUsager('Le sujet du message est obligatoire.');
  if (!texte) throw new ErreurUsager('Le message est vide.');
  const pieces = m.pieces ?? [];
  pieces.forEach(verifierPiece);
  const id = agir(ctx, (courriels) => {
    const { l, wf } = demandeUsager(ctx, numero);
    if (texte.length > wf.echanges.texteMax) {
      throw new ErreurUsager(`Le message dépasse ${wf.echanges.texteMax} caractères.`);
    }
    if (sujet.length > 200) throw new ErreurUsager('Le sujet dépasse 200 caractères.');
    if (pieces.length > wf.echanges.piecesMax) {
      throw new ErreurUsager(`Un message accepte au plus ${wf.echanges.piecesMax} pièce(s) jointe(s).`);
    }
    const publicId = ajouterMessage(ctx.depots, l.id, {
      sens: 'usager',
      sujet,
      texte,
      par: null,
      le: ctx.horloge().getTime(),
      pieces,
    });
    ctx.depots.dossiers.toucher(l.id, ctx.depots.prochainSeq());
    courrielsAgents(ctx, l, sujet, courriels);
    return publicId;
  });
  const message = portailDe(ctx, numero.trim().toUpperCase()).messages.find((x) => x.id === id);
  if (!message) throw new Error('Message disparu.');
  return message;
}

/**
 * The citizen provides a justificatif's file (a new one replaces the previous, awaiting a new
 * decision). A demande « incomplet » becomes « rectifié »: the agent sees it in « À revoir ».
 */
export function fournir(
  ctx: ContexteUsager,
  numero: string,
  justificatifId: string,
  f: PieceUsager,
): Justificatif {
  verifierPiece(f);
  agir(ctx, () => {
    const demande = demandeUsager(ctx, numero);
    refuserSiTerminee(demande);
    const { l, wf } = demande;
    const j = ctx.depots.justificatifs.un(l.id, justificatifId);
    if (!j)
      throw new ErreurUsager(`La demande ${l.numero} n'attend pas de justificatif « ${justificatifId} ».`);
    if (j.statut === 'valide') {
      throw new ErreurUsager(
        `« ${j.libelle} » est déjà validé par la mairie : inutile de le fournir à nouveau.`,
      );
    }
    const le = ctx.horloge().getTime();
    const blobId = ctx.depots.blobs.enregistrer(f.octets, sha256(f.octets));
    ctx.depots.justificatifs.fournir(j.id, {
      publicId: randomUUID(),
      nom: nettoyerNomFichier(f.nom, 'justificatif'),
      type: typeDetecte(f.octets),
      blobId,
      le,
    });
    const rectifie = etatRectifie(wf);
    const attend = etatDe(wf, l.etat)?.transitionsUsager?.includes(rectifie ?? -1) === true;
    if (rectifie !== undefined && attend) {
      changerEtatUsager(
        ctx,
        l,
        wf,
        rectifie,
        `Justificatif fourni : « ${j.libelle} »`,
        l.dernierCommentaire,
        le,
      );
    } else {
      ctx.depots.dossiers.toucher(l.id, ctx.depots.prochainSeq());
    }
  });
  const j = portailDe(ctx, numero.trim().toUpperCase()).justificatifs.find((x) => x.id === justificatifId);
  if (!j) throw new Error('Justificatif disparu.');
  return j;
}

/** « J'ai corrigé ma demande » from the portal: incomplet → rectifié. */
export function rectifier(ctx: ContexteUsager, numero: string, texte?: string): void {
  agir(ctx, () => {
    const { l, wf } = demandeUsager(ctx, numero);
    const rectifie = etatRectifie(wf);
    if (rectifie === undefined)
      throw new ErreurUsager("Ce workflow ne prévoit pas de rectification par l'usager.");
    const commentaire = texte?.trim() || null;
    changerEtatUsager(ctx, l, wf, rectifie, commentaire, l.dernierCommentaire, ctx.horloge().getTime());
  });
}

/** The citizen cancels the demande (until a decision); its planned rendez-vous go with it. */
export function annuler(ctx: ContexteUsager, numero: string, motif: string): void {
  agir(ctx, () => {
    const { l, wf } = demandeUsager(ctx, numero);
    const cible = etatAnnulation(wf, l.etat);
    const texte = motif.trim();
    const le = ctx.horloge().getTime();
    changerEtatUsager(ctx, l, wf, cible, texte || null, texte || l.dernierCommentaire, le);
    for (const r of ctx.depots.rendezVous.duDossier(l.id)) {
      if (r.statut === 'planifie')
        ctx.depots.rendezVous.annuler(r.id, 'usager', 'Demande annulée par l’usager.');
    }
  });
}

function dateIso(valeur: string, nom: string): number {
  const t = Date.parse(valeur);
  if (Number.isNaN(t) || !/[zZ]|[+-]\d\d:?\d\d$/.test(valeur.trim())) {
    throw new ErreurUsager(`${nom} attend une date ISO 8601 avec fuseau (reçu « ${valeur} »).`);
  }
  return t;
}

/** The citizen books a slot (« Mon rendez-vous » of the portal). */
export function prendreRendezVous(
  ctx: ContexteUsager,
  numero: string,
  r: { debut: string; fin: string; lieu?: string; objet?: string },
): RendezVous {
  const debut = dateIso(r.debut, 'Le début');
  const fin = dateIso(r.fin, 'La fin');
  if (fin <= debut) throw new ErreurUsager('La fin du rendez-vous doit suivre son début.');
  const id = randomUUID();
  agir(ctx, () => {
    const demande = demandeUsager(ctx, numero);
    refuserSiTerminee(demande);
    const { l } = demande;
    const intitule = ctx.depots.referentiel.demarche(l.demarcheId).intitule;
    ctx.depots.rendezVous.inserer({
      publicId: id,
      dossierId: l.id,
      debut,
      fin,
      lieu: r.lieu?.trim() || 'Mairie — accueil',
      objet: r.objet?.trim() || intitule,
      statut: 'planifie',
      annulePar: null,
      motifAnnulation: null,
      remplace: null,
    });
    ctx.depots.dossiers.toucher(l.id, ctx.depots.prochainSeq());
  });
  const rdv = portailDe(ctx, numero.trim().toUpperCase()).rendezVous.find((x) => x.id === id);
  if (!rdv) throw new Error('Rendez-vous disparu.');
  return rdv;
}

export function annulerRendezVousUsager(
  ctx: ContexteUsager,
  numero: string,
  id: string,
  motif: string,
): void {
  const texte = motif.trim();
  if (!texte) throw new ErreurUsager('Un motif est obligatoire pour annuler un rendez-vous.');
  agir(ctx, () => {
    const { l } = demandeUsager(ctx, numero);
    const r = ctx.depots.rendezVous.un(l.id, id);
    if (!r) throw new ErreurUsager(`Le rendez-vous ${id} n'existe pas pour la demande ${l.numero}.`);
    if (r.statut === 'annule') throw new ErreurUsager('Ce rendez-vous est déjà annulé.');
    ctx.depots.rendezVous.annuler(r.id, 'usager', texte);
    ctx.depots.dossiers.toucher(l.id, ctx.depots.prochainSeq());
  });
}

/** The citizen opens « Mes échanges »: the mairie's unread messages become read. Returns how many. */
export function lireMessages(ctx: ContexteUsager, numero: string): number {
  return agir(ctx, () => {
    const { l } = demandeUsager(ctx, numero);
    const n = ctx.depots.messages.marquerLusParUsager(l.id, ctx.horloge().getTime());
    if (n > 0) ctx.depots.dossiers.toucher(l.id, ctx.depots.prochainSeq());
    return n;
  });
}
