import { sha256 } from '../db/blobs.js';
import type { Depots } from '../db/depots.js';
import type { PortailDemo } from '../demo/portail/index.js';
import { typeDetecte } from './fichiers.js';

/**
 * Writes the portal part of a generated demande (seed, `submit --portail`) beside its dossier, in
 * the caller's write transaction. Files go to the shared blobs: the demo's few contents are stored once.
 */
export function insererPortail(depots: Depots, dossierId: number, p: PortailDemo): void {
  depots.demandeurs.ecrire(dossierId, p.demandeur);
  const blob = (o: Uint8Array) => depots.blobs.enregistrer(o, sha256(o));
  for (const j of p.justificatifs) {
    depots.justificatifs.inserer({
      publicId: j.id,
      dossierId,
      libelle: j.libelle,
      statut: j.statut,
      motif: j.motif,
      fichierPublicId: j.fichier?.id ?? null,
      fichierNom: j.fichier?.nom ?? null,
      fichierType: j.fichier ? typeDetecte(j.fichier.contenu) : null,
      blobId: j.fichier ? blob(j.fichier.contenu) : null,
      fourniLe: j.fichier?.le ?? null,
      decideLe: j.decideLe,
      decidePar: j.decidePar,
    });
  }
  for (const m of p.messages) {
    const messageId = depots.messages.inserer({
      publicId: m.id,
      dossierId,
      le: m.le,
      sens: m.sens,
      sujet: m.sujet,
      texte: m.texte,
      par: m.par,
      luParUsagerLe: m.luParUsagerLe,
    });
    m.pieces.forEach((f, i) =>
      depots.messages.insererFichier({
        publicId: `${m.id}-f${i + 1}`,
        messageId,
        nom: f.nom,
        type: typeDetecte(f.contenu),
        blobId: blob(f.contenu),
        le: m.le,
      }),
    );
  }
  for (const r of p.rendezVous) depots.rendezVous.inserer({ ...r, publicId: r.id, dossierId });
}
