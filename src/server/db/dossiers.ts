import type { Db } from './connexion.js';

/** A dossier row without its (large) données. Dates in ms since the epoch. */
export interface DossierLigne {
  id: number;
  numero: string;
  serviceId: number;
  demarcheId: number;
  courriel: string;
  deposeLe: number;
  etat: number;
  dernierCommentaire: string | null;
  revision: number;
  seq: number;
  closLe: number | null;
  archiveTaille: number;
  archiveSha256: Buffer;
}

export interface HistoriqueLigne {
  le: number;
  par: string | null;
  etat: number;
  commentaire: string | null;
}

export interface PieceLigne {
  publicId: string;
  slot: string;
  nom: string;
  taille: number;
  sha256: Buffer;
  le: number;
}

export interface FichierLigne {
  nom: string;
  type: string;
  blobId: number;
}

/** One item of the incremental listing: a dossier row, or a tombstone (numero, motif, when). */
export type ChangementLigne =
  | ({ type: 'dossier' } & DossierLigne)
  | { type: 'suppression'; seq: number; numero: string; motif: 'cloture' | 'retention'; le: number };

export interface FiltresListe {
  demarcheId?: number;
  etat?: number;
  du?: number;
  au?: number;
  prefixeNumero?: string;
}

const COLONNES = `d.id, d.numero, d.service_id AS serviceId, d.demarche_id AS demarcheId, d.courriel,
  d.depose_le AS deposeLe, d.etat, d.dernier_commentaire AS dernierCommentaire, d.revision, d.seq,
  d.clos_le AS closLe, d.archive_taille AS archiveTaille, d.archive_sha256 AS archiveSha256`;

/** What an insert needs: a row without its id, with the compressed données. */
export type NouveauDossier = Omit<DossierLigne, 'id'> & { donnees: Buffer };

export class DepotDossiers {
  private readonly stmts;
  private readonly filtres = new Map<string, ReturnType<Db['prepare']>>();

  constructor(private readonly db: Db) {
    this.stmts = {
      parNumero: db.prepare<[number, string], DossierLigne>(
        `SELECT ${COLONNES} FROM dossiers d WHERE d.service_id = ? AND d.numero = ?`,
      ),
      parNumeroSeul: db.prepare<[string], DossierLigne>(
        `SELECT ${COLONNES} FROM dossiers d WHERE d.numero = ?`,
      ),
      toucher: db.prepare<[number, number]>(
        'UPDATE dossiers SET revision = revision + 1, seq = ? WHERE id = ?',
      ),
      numeroExiste: db.prepare<[string], { id: number }>('SELECT id FROM dossiers WHERE numero = ?'),
      donnees: db.prepare<[number], { donnees: Buffer }>('SELECT donnees FROM dossiers WHERE id = ?'),
      historique: db.prepare<[number], HistoriqueLigne>(
        'SELECT le, par, etat, commentaire FROM historique WHERE dossier_id = ? ORDER BY id',
      ),
      pieces: db.prepare<[number], PieceLigne>(
        `SELECT p.public_id AS publicId, p.slot, p.nom, b.taille, b.sha256, p.le
           FROM pieces_deposees p JOIN blobs b ON b.id = p.blob_id WHERE p.dossier_id = ? ORDER BY p.id`,
      ),
      slotsDeposes: db.prepare<[number], { slot: string }>(
        'SELECT DISTINCT slot FROM pieces_deposees WHERE dossier_id = ?',
      ),
      fichiers: db.prepare<[number], FichierLigne>(
        'SELECT nom, type, blob_id AS blobId FROM dossiers_fichiers WHERE dossier_id = ? ORDER BY ordre',
      ),
      inserer: db.prepare(
        `INSERT INTO dossiers (numero, service_id, demarche_id, courriel, depose_le, etat, dernier_commentaire,
           revision, seq, clos_le, archive_taille, archive_sha256, donnees)
         VALUES (@numero, @serviceId, @demarcheId, @courriel, @deposeLe, @etat, @dernierCommentaire,
           @revision, @seq, @closLe, @archiveTaille, @archiveSha256, @donnees)`,
      ),
      insererHistorique: db.prepare<[number, number, string | null, number, string | null]>(
        'INSERT INTO historique (dossier_id, le, par, etat, commentaire) VALUES (?, ?, ?, ?, ?)',
      ),
      insererFichier: db.prepare<[number, number, string, string, number]>(
        'INSERT INTO dossiers_fichiers (dossier_id, ordre, nom, type, blob_id) VALUES (?, ?, ?, ?, ?)',
      ),
      insererPiece: db.prepare<[string, number, string, string, number, number, string | null]>(
        `INSERT INTO pieces_deposees (public_id, dossier_id, slot, nom, blob_id, le, par)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      supprimerPiecesSlot: db.prepare<[number, string]>(
        'DELETE FROM pieces_deposees WHERE dossier_id = ? AND slot = ?',
      ),
      changerEtat: db.prepare<[number, string | null, number, number | null, number]>(
        `UPDATE dossiers SET etat = ?, dernier_commentaire = ?, revision = revision + 1, seq = ?, clos_le = ?
          WHERE id = ?`,
      ),
      changerArchive: db.prepare<[number, Buffer, number, number]>(
        'UPDATE dossiers SET archive_taille = ?, archive_sha256 = ?, seq = ? WHERE id = ?',
      ),
      changementsDossiers: db.prepare<[number, number, number], DossierLigne>(
        `SELECT ${COLONNES} FROM dossiers d WHERE d.service_id = ? AND d.seq > ? ORDER BY d.seq LIMIT ?`,
      ),
      changementsSuppressions: db.prepare<
        [number, number, number],
        { seq: number; numero: string; motif: 'cloture' | 'retention'; le: number }
      >(
        'SELECT seq, numero, motif, le FROM suppressions WHERE service_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      expires: db.prepare<[number, number], { id: number; numero: string; serviceId: number }>(
        `SELECT id, numero, service_id AS serviceId FROM dossiers WHERE depose_le <= ? ORDER BY depose_le LIMIT ?`,
      ),
      supprimer: db.prepare<[number]>('DELETE FROM dossiers WHERE id = ?'),
      insererSuppression: db.prepare<[number, string, string, number, number]>(
        'INSERT INTO suppressions (service_id, numero, motif, seq, le) VALUES (?, ?, ?, ?, ?)',
      ),
      compter: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dossiers'),
    };
  }

  parNumero(serviceId: number, numero: string): DossierLigne | undefined {
    return this.stmts.parNumero.get(serviceId, numero);
  }

  /** Whatever the service: the citizen's side (simulation) knows only the numéro. */
  parNumeroSeul(numero: string): DossierLigne | undefined {
    return this.stmts.parNumeroSeul.get(numero);
  }

  /**
   * A change that is not a state change (a message, a justificatif, a rendez-vous): revision + 1 and
   * a new change sequence, so the incremental listing carries the dossier again.
   */
  toucher(id: number, seq: number): void {
    this.stmts.toucher.run(seq, id);
  }

  numeroExiste(numero: string): boolean {
    return this.stmts.numeroExiste.get(numero) !== undefined;
  }

  donnees(id: number): Buffer {
    const l = this.stmts.donnees.get(id);
    if (!l) throw new Error(`Dossier ${id} introuvable.`);
    return l.donnees;
  }

  historique(id: number): HistoriqueLigne[] {
    return this.stmts.historique.all(id);
  }

  pieces(id: number): PieceLigne[] {
    return this.stmts.pieces.all(id);
  }

  slotsDeposes(id: number): string[] {
    return this.stmts.slotsDeposes.all(id).map((l) => l.slot);
  }

  fichiers(id: number): FichierLigne[] {
    return this.stmts.fichiers.all(id);
  }

  inserer(d: NouveauDossier): number {
    return Number(this.stmts.inserer.run(d).lastInsertRowid);
  }

  ajouterHistorique(dossierId: number, h: HistoriqueLigne): void {
    this.stmts.insererHistorique.run(dossierId, h.le, h.par, h.etat, h.commentaire);
  }

  ajouterFichier(dossierId: number, ordre: number, f: FichierLigne): void {
    this.stmts.insererFichier.run(dossierId, ordre, f.nom, f.type, f.blobId);
  }

  /** A new file in a slot replaces the previous one: the slot holds the agent's latest choice. */
  deposerPiece(
    dossierId: number,
    p: { publicId: string; slot: string; nom: string; blobId: number; le: number; par: string | null },
  ): void {
    this.stmts.supprimerPiecesSlot.run(dossierId, p.slot);
    this.stmts.insererPiece.run(p.publicId, dossierId, p.slot, p.nom, p.blobId, p.le, p.par);
  }

  changerEtat(
    id: number,
    etat: number,
    dernierCommentaire: string | null,
    seq: number,
    closLe: number | null,
  ): void {
    this.stmts.changerEtat.run(etat, dernierCommentaire, seq, closLe, id);
  }

  changerArchive(id: number, taille: number, sha256: Buffer, seq: number): void {
    this.stmts.changerArchive.run(taille, sha256, seq, id);
  }

  /**
   * Changes after `apresSeq`, dossiers and tombstones merged in sequence order. Two indexed range
   * scans merged here: cheaper than a UNION that SQLite would sort. Both reads happen in one
   * transaction so they see the same snapshot.
   */
  changements(serviceId: number, apresSeq: number, limite: number): ChangementLigne[] {
    const lire = this.db.transaction(() => ({
      dossiers: this.stmts.changementsDossiers.all(serviceId, apresSeq, limite),
      suppressions: this.stmts.changementsSuppressions.all(serviceId, apresSeq, limite),
    }));
    const { dossiers, suppressions } = lire.deferred();
    const fusion: ChangementLigne[] = [];
    let i = 0;
    let j = 0;
    while (fusion.length < limite && (i < dossiers.length || j < suppressions.length)) {
      const d = dossiers[i];
      const s = suppressions[j];
      if (d && (!s || d.seq < s.seq)) {
        fusion.push({ type: 'dossier', ...d });
        i++;
      } else if (s) {
        fusion.push({ type: 'suppression', ...s });
        j++;
      }
    }
    return fusion;
  }

  /** Classic listing of open dossiers, newest first. */
  liste(
    serviceId: number,
    f: FiltresListe,
    decalage: number,
    limite: number,
  ): { lignes: DossierLigne[]; total: number } {
    const conditions = ['d.service_id = @serviceId', 'd.clos_le IS NULL'];
    if (f.demarcheId !== undefined) conditions.push('d.demarche_id = @demarcheId');
    if (f.etat !== undefined) conditions.push('d.etat = @etat');
    if (f.du !== undefined) conditions.push('d.depose_le >= @du');
    if (f.au !== undefined) conditions.push('d.depose_le <= @au');
    // Range on the numéro instead of LIKE: no escaping of user input, and the comparison is exact.
    if (f.prefixeNumero) conditions.push("d.numero >= @prefixe AND d.numero < @prefixe || '\uffff'");
    const where = conditions.join(' AND ');
    const valeurs = {
      serviceId,
      demarcheId: f.demarcheId,
      etat: f.etat,
      du: f.du,
      au: f.au,
      prefixe: f.prefixeNumero,
      limite,
      decalage,
    };
    const nommees = Object.fromEntries(Object.entries(valeurs).filter(([, v]) => v !== undefined));
    const total = (
      this.requete(`SELECT count(*) AS n FROM dossiers d WHERE ${where}`).get(nommees) as { n: number }
    ).n;
    const lignes = this.requete(
      `SELECT ${COLONNES} FROM dossiers d WHERE ${where} ORDER BY d.depose_le DESC, d.id DESC LIMIT @limite OFFSET @decalage`,
    ).all(nommees) as DossierLigne[];
    return { lignes, total };
  }

  expires(avant: number, limite: number): { id: number; numero: string; serviceId: number }[] {
    return this.stmts.expires.all(avant, limite);
  }

  supprimer(id: number): void {
    this.stmts.supprimer.run(id);
  }

  enregistrerSuppression(
    serviceId: number,
    numero: string,
    motif: 'cloture' | 'retention',
    seq: number,
    le: number,
  ): void {
    this.stmts.insererSuppression.run(serviceId, numero, motif, seq, le);
  }

  compter(): number {
    return this.stmts.compter.get()?.n ?? 0;
  }

  private requete(sql: string): ReturnType<Db['prepare']> {
    let stmt = this.filtres.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.filtres.set(sql, stmt);
    }
    return stmt;
  }
}
