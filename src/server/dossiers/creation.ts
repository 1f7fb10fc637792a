import { createHash } from 'node:crypto';
import type { DossierDemo, ServiceDemo } from '../demo/index.js';
import { entreesArchive } from '../archive/contenu.js';
import { construireZip } from '../archive/zip.js';
import { sha256 } from '../db/blobs.js';
import type { Depots } from '../db/depots.js';
import type { HistoriqueLigne } from '../db/dossiers.js';
import { nettoyerNomFichier } from './nomFichier.js';
import { encoderDonnees, type Dictionnaire } from './donnees.js';

/**
 * A submission ready to insert: its archive was built once to know its size and digest, its
 * données compressed. Plain data (no class, no Date) so it crosses a worker_threads boundary.
 */
export interface DossierPrepare {
  numero: string;
  codeDemarche: string;
  courriel: string;
  deposeLe: number;
  donnees: Uint8Array;
  archiveTaille: number;
  archiveSha256: Uint8Array;
  fichiers: { nom: string; type: string; contenu: Uint8Array; sha256: Uint8Array }[];
}

export async function preparerDossier(
  dossier: DossierDemo,
  service: ServiceDemo,
  dict: Dictionnaire,
): Promise<DossierPrepare> {
  const zip = await construireZip(entreesArchive(dossier, service));
  return {
    numero: dossier.numero,
    codeDemarche: dossier.codeDemarche,
    courriel: dossier.courriel,
    deposeLe: dossier.deposeLe.getTime(),
    donnees: encoderDonnees(dossier.donnees, dict),
    archiveTaille: zip.length,
    archiveSha256: createHash('sha256').update(zip).digest(),
    fichiers: dossier.piecesJustificatives.map((p) => ({
      nom: nettoyerNomFichier(p.nom),
      type: p.type,
      contenu: p.contenu,
      sha256: sha256(p.contenu),
    })),
  };
}

const buf = (o: Uint8Array) => Buffer.from(o.buffer, o.byteOffset, o.byteLength);

/**
 * Inserts a prepared dossier with its history (must run inside a write transaction). The
 * dossier's state, revision and last comment follow from the history. Returns its id, or null
 * when the numéro already exists (the caller draws another one).
 */
export function insererDossier(
  depots: Depots,
  p: DossierPrepare,
  serviceId: number,
  demarcheId: number,
  historique: readonly HistoriqueLigne[],
  etatClos: number,
  /** Changes beyond the historique (a portal demande's messages, decisions…): counted in its revision. */
  autresRevisions = 0,
): number | null {
  if (depots.dossiers.numeroExiste(p.numero)) return null;
  const dernier = historique.at(-1);
  if (!dernier) throw new Error('Un dossier a au moins une entrée d’historique.');
  const commentaire = [...historique].reverse().find((h) => h.commentaire !== null)?.commentaire ?? null;
  const id = depots.dossiers.inserer({
    numero: p.numero,
    serviceId,
    demarcheId,
    courriel: p.courriel,
    deposeLe: p.deposeLe,
    etat: dernier.etat,
    dernierCommentaire: commentaire,
    revision: historique.length + autresRevisions,
    seq: depots.prochainSeq(),
    closLe: dernier.etat === etatClos ? dernier.le : null,
    archiveTaille: p.archiveTaille,
    archiveSha256: buf(p.archiveSha256),
    donnees: buf(p.donnees),
  });
  p.fichiers.forEach((f, ordre) => {
    const blobId = depots.blobs.enregistrer(f.contenu, buf(f.sha256));
    depots.dossiers.ajouterFichier(id, ordre, { nom: f.nom, type: f.type, blobId });
  });
  for (const h of historique) depots.dossiers.ajouterHistorique(id, h);
  return id;
}
