import type { Db } from './connexion.js';

export interface SessionLigne {
  utilisateurId: number;
  expireLe: number;
}

/** Sessions and password-reset tokens, both stored by the SHA-256 of the token. */
export class DepotSessions {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      creer: db.prepare<[Buffer, number, number, number]>(
        'INSERT INTO sessions (jeton_hash, utilisateur_id, cree_le, expire_le) VALUES (?, ?, ?, ?)',
      ),
      trouver: db.prepare<[Buffer], SessionLigne>(
        'SELECT utilisateur_id AS utilisateurId, expire_le AS expireLe FROM sessions WHERE jeton_hash = ?',
      ),
      supprimer: db.prepare<[Buffer]>('DELETE FROM sessions WHERE jeton_hash = ?'),
      supprimerDe: db.prepare<[number]>('DELETE FROM sessions WHERE utilisateur_id = ?'),
      supprimerDeSauf: db.prepare<[number, Buffer]>(
        'DELETE FROM sessions WHERE utilisateur_id = ? AND jeton_hash <> ?',
      ),
      expirees: db.prepare<[number]>('DELETE FROM sessions WHERE expire_le <= ?'),
      creerReinit: db.prepare<[Buffer, number, number]>(
        'INSERT INTO jetons_reinitialisation (jeton_hash, utilisateur_id, expire_le) VALUES (?, ?, ?)',
      ),
      consommerReinit: db.prepare<[number, Buffer, number], { utilisateurId: number }>(
        `UPDATE jetons_reinitialisation SET utilise_le = ?
          WHERE jeton_hash = ? AND utilise_le IS NULL AND expire_le > ? RETURNING utilisateur_id AS utilisateurId`,
      ),
      trouverReinit: db.prepare<[Buffer, number], { empreinte: Buffer; utilisateurId: number }>(
        `SELECT jeton_hash AS empreinte, utilisateur_id AS utilisateurId FROM jetons_reinitialisation
          WHERE jeton_hash = ? AND utilise_le IS NULL AND expire_le > ?`,
      ),
      annulerReinit: db.prepare<[number, number]>(
        'UPDATE jetons_reinitialisation SET utilise_le = ? WHERE utilisateur_id = ? AND utilise_le IS NULL',
      ),
      reinitPerimes: db.prepare<[number]>('DELETE FROM jetons_reinitialisation WHERE expire_le <= ?'),
    };
  }

  creer(empreinte: Buffer, utilisateurId: number, le: number, expireLe: number): void {
    this.stmts.creer.run(empreinte, utilisateurId, le, expireLe);
  }

  trouver(empreinte: Buffer): SessionLigne | undefined {
    return this.stmts.trouver.get(empreinte);
  }

  supprimer(empreinte: Buffer): void {
    this.stmts.supprimer.run(empreinte);
  }

  /** Revokes every session of a user, except optionally the one making the request. */
  revoquer(utilisateurId: number, sauf?: Buffer): void {
    if (sauf) this.stmts.supprimerDeSauf.run(utilisateurId, sauf);
    else this.stmts.supprimerDe.run(utilisateurId);
  }

  creerReinitialisation(empreinte: Buffer, utilisateurId: number, expireLe: number): void {
    this.stmts.creerReinit.run(empreinte, utilisateurId, expireLe);
  }

  /** Single use: marks the token used and returns its user, or undefined if unknown/used/expired. */
  consommerReinitialisation(empreinte: Buffer, maintenant: number): number | undefined {
    return this.stmts.consommerReinit.get(maintenant, empreinte, maintenant)?.utilisateurId;
  }

  /** An unused, unexpired reset token, without consuming it. */
  trouverReinitialisation(
    empreinte: Buffer,
    maintenant: number,
  ): { empreinte: Buffer; utilisateurId: number } | undefined {
    return this.stmts.trouverReinit.get(empreinte, maintenant);
  }

  annulerReinitialisations(utilisateurId: number, maintenant: number): void {
    this.stmts.annulerReinit.run(maintenant, utilisateurId);
  }

  nettoyer(maintenant: number): number {
    return this.stmts.expirees.run(maintenant).changes + this.stmts.reinitPerimes.run(maintenant).changes;
  }
}
