import type { Db } from './connexion.js';

export type Sens = 'usager' | 'mairie';

export interface MessageLigne {
  id: number;
  publicId: string;
  dossierId: number;
  le: number;
  sens: Sens;
  sujet: string;
  texte: string;
  par: string | null;
  luParUsagerLe: number | null;
}

export interface FichierMessageLigne {
  publicId: string;
  messageId: number;
  nom: string;
  type: string;
  blobId: number;
  taille: number;
  sha256: Buffer;
  le: number;
}

const COLONNES_MESSAGE = `m.id, m.public_id AS publicId, m.dossier_id AS dossierId, m.le, m.sens, m.sujet, m.texte,
  m.par, m.lu_par_usager_le AS luParUsagerLe`;
const COLONNES_FICHIER = `f.public_id AS publicId, f.message_id AS messageId, f.nom, f.type, f.blob_id AS blobId,
  b.taille, b.sha256, f.le`;

/** The échanges of portal demandes: messages both ways and their attached files. */
export class DepotMessages {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      duDossier: db.prepare<[number], MessageLigne>(
        `SELECT ${COLONNES_MESSAGE} FROM messages m WHERE m.dossier_id = ? ORDER BY m.le, m.id`,
      ),
      desDossiers: db.prepare<[string], MessageLigne>(
        `SELECT ${COLONNES_MESSAGE} FROM messages m
          WHERE m.dossier_id IN (SELECT value FROM json_each(?)) ORDER BY m.dossier_id, m.le, m.id`,
      ),
      fichiersDesMessages: db.prepare<[string], FichierMessageLigne>(
        `SELECT ${COLONNES_FICHIER} FROM messages_fichiers f JOIN blobs b ON b.id = f.blob_id
          WHERE f.message_id IN (SELECT value FROM json_each(?)) ORDER BY f.message_id, f.id`,
      ),
      fichier: db.prepare<[number, string, string], FichierMessageLigne>(
        `SELECT ${COLONNES_FICHIER} FROM messages_fichiers f JOIN blobs b ON b.id = f.blob_id
           JOIN messages m ON m.id = f.message_id
          WHERE m.dossier_id = ? AND m.public_id = ? AND f.public_id = ?`,
      ),
      inserer: db.prepare(
        `INSERT INTO messages (public_id, dossier_id, le, sens, sujet, texte, par, lu_par_usager_le)
         VALUES (@publicId, @dossierId, @le, @sens, @sujet, @texte, @par, @luParUsagerLe)`,
      ),
      insererFichier: db.prepare(
        `INSERT INTO messages_fichiers (public_id, message_id, nom, type, blob_id, le)
         VALUES (@publicId, @messageId, @nom, @type, @blobId, @le)`,
      ),
      marquerLus: db.prepare<[number, number]>(
        `UPDATE messages SET lu_par_usager_le = ?
          WHERE dossier_id = ? AND sens = 'mairie' AND lu_par_usager_le IS NULL`,
      ),
    };
  }

  duDossier(dossierId: number): MessageLigne[] {
    return this.stmts.duDossier.all(dossierId);
  }

  desDossiers(dossierIds: readonly number[]): MessageLigne[] {
    return this.stmts.desDossiers.all(JSON.stringify(dossierIds));
  }

  fichiersDesMessages(messageIds: readonly number[]): FichierMessageLigne[] {
    if (messageIds.length === 0) return [];
    return this.stmts.fichiersDesMessages.all(JSON.stringify(messageIds));
  }

  fichier(dossierId: number, messageId: string, fichierId: string): FichierMessageLigne | undefined {
    return this.stmts.fichier.get(dossierId, messageId, fichierId);
  }

  /** Must run inside a write transaction; returns the message's row id. */
  inserer(m: Omit<MessageLigne, 'id'>): number {
    return Number(this.stmts.inserer.run(m).lastInsertRowid);
  }

  insererFichier(f: Omit<FichierMessageLigne, 'taille' | 'sha256'>): void {
    this.stmts.insererFichier.run(f);
  }

  /** The citizen read the thread: every mairie message not read yet; returns how many. */
  marquerLusParUsager(dossierId: number, le: number): number {
    return this.stmts.marquerLus.run(le, dossierId).changes;
  }
}
