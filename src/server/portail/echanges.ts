import { randomUUID } from 'node:crypto';
import { sha256 } from '../db/blobs.js';
import type { Depots } from '../db/depots.js';
import type { DossierLigne } from '../db/dossiers.js';
import type { Sens } from '../db/messages.js';
import type { Message } from '../mail/courrier.js';
import { messageAUsager } from '../mail/messages.js';
import { nettoyerNomFichier } from '../dossiers/nomFichier.js';
import { typeDetecte } from './fichiers.js';

export interface PieceMessage {
  nom: string;
  octets: Uint8Array;
  /** Detected by content (typeDetecte) when absent. */
  type?: string;
}

export interface NouveauMessage {
  sens: Sens;
  sujet: string;
  texte: string;
  /** Identifiant of the agent for a mairie message; null for the citizen (or the guichet itself). */
  par: string | null;
  le: number;
  pieces?: readonly PieceMessage[];
  /** Deterministic ids for the demo seed; random otherwise. */
  publicId?: string;
}

/**
 * Adds a message to a dossier's thread (inside a write transaction). It does not touch the dossier:
 * the caller bumps revision and seq once for the whole change it is part of (a state change with
 * its automatic message is one revision).
 */
export function ajouterMessage(depots: Depots, dossierId: number, m: NouveauMessage): string {
  const publicId = m.publicId ?? randomUUID();
  const messageId = depots.messages.inserer({
    publicId,
    dossierId,
    le: m.le,
    sens: m.sens,
    sujet: m.sujet,
    texte: m.texte,
    par: m.par,
    luParUsagerLe: null,
  });
  (m.pieces ?? []).forEach((p, i) => {
    const blobId = depots.blobs.enregistrer(p.octets, sha256(p.octets));
    depots.messages.insererFichier({
      publicId: m.publicId ? `${publicId}-f${i + 1}` : randomUUID(),
      messageId,
      nom: nettoyerNomFichier(p.nom),
      type: p.type ?? typeDetecte(p.octets),
      blobId,
      le: m.le,
    });
  });
  return publicId;
}

/**
 * A message of the mairie written by the guichet on the agent's behalf (state notified,
 * justificatif refused, rendez-vous), and its copy by mail to the dossier's courriel, to send once
 * the change is committed.
 */
export function ecrireAUsager(
  depots: Depots,
  l: DossierLigne,
  m: { sujet: string; texte: string; par: string | null; le: number },
  courriels: Message[],
): void {
  ajouterMessage(depots, l.id, { ...m, sens: 'mairie' });
  const intitule = depots.referentiel.demarche(l.demarcheId).intitule;
  courriels.push(messageAUsager(l.courriel, l.numero, intitule, m.sujet, m.texte));
}
