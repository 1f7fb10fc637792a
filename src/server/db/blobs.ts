import { createHash } from 'node:crypto';
import type { Db } from './connexion.js';

export function sha256(contenu: Uint8Array): Buffer {
  return createHash('sha256').update(contenu).digest();
}

/** Content-addressed store: `enregistrer` returns the id of the bytes, inserting them only once. */
export class DepotBlobs {
  private readonly trouver;
  private readonly inserer;
  private readonly lire;
  private readonly nettoyer;

  constructor(db: Db) {
    this.trouver = db.prepare<[Buffer], { id: number }>('SELECT id FROM blobs WHERE sha256 = ?');
    this.inserer = db.prepare<[Buffer, number, Buffer]>(
      'INSERT INTO blobs (sha256, taille, contenu) VALUES (?, ?, ?)',
    );
    this.lire = db.prepare<[number], { contenu: Buffer }>('SELECT contenu FROM blobs WHERE id = ?');
    this.nettoyer = db.prepare(
      `DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM dossiers_fichiers f WHERE f.blob_id = blobs.id)
         AND NOT EXISTS (SELECT 1 FROM pieces_deposees p WHERE p.blob_id = blobs.id)
         AND NOT EXISTS (SELECT 1 FROM messages_fichiers m WHERE m.blob_id = blobs.id)
         AND NOT EXISTS (SELECT 1 FROM justificatifs j WHERE j.blob_id = blobs.id)`,
    );
  }

  /** Must run inside a write transaction. */
  enregistrer(contenu: Uint8Array, empreinte: Buffer = sha256(contenu)): number {
    const existant = this.trouver.get(empreinte);
    if (existant) return existant.id;
    return Number(this.inserer.run(empreinte, contenu.byteLength, Buffer.from(contenu)).lastInsertRowid);
  }

  contenu(id: number): Buffer {
    const ligne = this.lire.get(id);
    if (!ligne) throw new Error(`Blob ${id} introuvable.`);
    return ligne.contenu;
  }

  /** Deletes the blobs no dossier references any more; returns how many. */
  supprimerOrphelins(): number {
    return this.nettoyer.run().changes;
  }
}
