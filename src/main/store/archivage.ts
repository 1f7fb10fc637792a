import path from 'node:path';
import type { BilanArchives, DefautArchive, Perte, PerteDetaillee } from '../../shared/app-api/index.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { perteDe } from './dossiers.js';

const JOUR_MS = 86_400_000;

/** Statements run once per tombstone during a sync (tens of thousands on a first one): prepared once. */
const preparees = new WeakMap<Db, Map<string, Statement>>();
function preparer(db: Db, sql: string): Statement {
  let m = preparees.get(db);
  if (!m) preparees.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** The guichet still serves the dossier (open, or closed and not yet purged) and no loss is recorded. */
export const SQL_SERVI = `(d.supprime_motif IS NULL OR d.supprime_motif = 'cloture') AND d.perte_constatee_le IS NULL`;
/** No verified local copy of the guichet's current archive. */
export const SQL_NON_ARCHIVEE = `(d.archive_local_sha256 IS NULL OR d.archive_local_sha256 <> d.archive_sha256 OR d.archive_defaut IS NOT NULL)`;
/**
 * « À risque »: the guichet deletes it within `@limiteRisque` and there is no verified local copy,
 * closed dossiers included. A dossier known by a tombstone alone has expire_ms = 0: always at risk
 * until its detail and archive are fetched (or its loss recorded).
 */
export const SQL_A_RISQUE = `${SQL_SERVI} AND d.expire_ms <= @limiteRisque AND ${SQL_NON_ARCHIVEE}`;
export const SQL_PERDU = 'd.perte_constatee_le IS NOT NULL';
export const SQL_DEFECTUEUSE = 'd.archive_defaut IS NOT NULL';

export function limiteRisque(maintenant: number, jours: number): number {
  return maintenant + jours * JOUR_MS;
}

// ── Archive folders ─────────────────────────────────────────────────────────

/** The id of an archive folder (created on first use); paths are stored absolute and normalised. */
export function idDossierArchives(db: Db, chemin: string): number {
  const absolu = path.resolve(chemin);
  db.prepare('INSERT INTO dossiers_archives (chemin) VALUES (?) ON CONFLICT (chemin) DO NOTHING').run(absolu);
  return (db.prepare('SELECT id FROM dossiers_archives WHERE chemin = ?').get(absolu) as { id: number }).id;
}

/**
 * Archives recorded before archive folders were tracked (store version 1) were written to the
 * folder of the settings at the time, which is the current one unless it was changed since.
 */
export function rattacherArchivesSansDossier(db: Db, dossierCourant: string): number {
  const id = idDossierArchives(db, dossierCourant);
  return db
    .prepare(
      'UPDATE dossiers SET archive_racine = ? WHERE archive_chemin IS NOT NULL AND archive_racine IS NULL',
    )
    .run(id).changes;
}

export interface ArchiveLocaleStockee {
  numero: string;
  /** Absolute path of the zip. */
  chemin: string;
  dossierArchives: string;
  cheminRelatif: string;
  sha256: string;
  taille: number;
  defaut: DefautArchive | null;
  /** Code of the démarche and submission date: where the zip belongs in the tree. */
  demarche: string;
  deposeLe: string;
  /** The guichet no longer serves it: a damaged copy cannot be downloaded again. */
  servi: boolean;
}

const SELECT_ARCHIVE = `SELECT d.numero, r.chemin AS dossierArchives, d.archive_chemin AS cheminRelatif,
    d.archive_local_sha256 AS sha256, d.archive_local_taille AS taille, d.archive_defaut AS defaut,
    d.demarche_code AS demarche, d.depose_le AS deposeLe, (${SQL_SERVI}) AS servi
  FROM dossiers d JOIN dossiers_archives r ON r.id = d.archive_racine`;

type LigneArchive = Omit<ArchiveLocaleStockee, 'chemin' | 'servi'> & { servi: number };

function avecChemin(l: LigneArchive): ArchiveLocaleStockee {
  return { ...l, servi: l.servi === 1, chemin: path.join(l.dossierArchives, ...l.cheminRelatif.split('/')) };
}

export function archiveLocale(db: Db, numero: string): ArchiveLocaleStockee | null {
  const l = db
    .prepare(`${SELECT_ARCHIVE} WHERE d.numero = ? AND d.archive_local_sha256 IS NOT NULL`)
    .get(numero) as LigneArchive | undefined;
  return l ? avecChemin(l) : null;
}

/**
 * Local archives whose données are not in the search index yet (new, downloaded again, or indexed
 * before the archive was there), a batch at a time.
 */
export function archivesAIndexer(db: Db, limite: number): ArchiveLocaleStockee[] {
  const lignes = db
    .prepare(
      `${SELECT_ARCHIVE} WHERE d.archive_local_sha256 IS NOT NULL AND d.donnees_indexees = 0 AND d.archive_defaut IS NULL LIMIT ?`,
    )
    .all(limite) as LigneArchive[];
  return lignes.map(avecChemin);
}

/** This archive's données cannot be read: not tried again until another copy is downloaded. */
export function donneesIllisibles(db: Db, numero: string): void {
  db.prepare('UPDATE dossiers SET donnees_indexees = -1 WHERE numero = ?').run(numero);
}

/** Every local archive, in numéro order (integrity check, move, register). */
export function archivesLocales(db: Db, dossierArchives?: string): ArchiveLocaleStockee[] {
  const lignes = (
    dossierArchives === undefined
      ? db.prepare(`${SELECT_ARCHIVE} WHERE d.archive_local_sha256 IS NOT NULL ORDER BY d.numero`).all()
      : db
          .prepare(
            `${SELECT_ARCHIVE} WHERE d.archive_local_sha256 IS NOT NULL AND r.chemin <> ? ORDER BY d.numero`,
          )
          .all(path.resolve(dossierArchives))
  ) as LigneArchive[];
  return lignes.map(avecChemin);
}

export function enregistrerArchive(
  db: Db,
  numero: string,
  dossierArchives: string,
  cheminRelatif: string,
  sha256: string,
  taille: number,
): void {
  const le = new Date();
  const racine = idDossierArchives(db, dossierArchives);
  db.prepare(
    `UPDATE dossiers SET archive_racine = ?, archive_chemin = ?, archive_local_sha256 = ?, archive_local_taille = ?,
       archivee_le = ?, archivee_ms = ?, archive_etat = etat, archive_verifiee_le = ?, archive_defaut = NULL,
       donnees_indexees = CASE WHEN archive_local_sha256 IS ? AND donnees_indexees = 1 THEN 1 ELSE 0 END
     WHERE numero = ?`,
  ).run(
    racine,
    cheminRelatif,
    sha256,
    taille,
    le.toISOString(),
    le.getTime(),
    le.toISOString(),
    sha256,
    numero,
  );
}

/** The zip now lives elsewhere (moved to another folder, or renamed by the tree migration). */
export function relocaliserArchive(
  db: Db,
  numero: string,
  dossierArchives: string,
  cheminRelatif: string,
): void {
  const racine = idDossierArchives(db, dossierArchives);
  db.prepare('UPDATE dossiers SET archive_racine = ?, archive_chemin = ? WHERE numero = ?').run(
    racine,
    cheminRelatif,
    numero,
  );
}

/** Result of an integrity check: `null` is intact. */
export function noterControle(db: Db, numero: string, defaut: DefautArchive | null): void {
  db.prepare('UPDATE dossiers SET archive_verifiee_le = ?, archive_defaut = ? WHERE numero = ?').run(
    new Date().toISOString(),
    defaut,
    numero,
  );
}

export function dossiersArchivesEnUsage(db: Db): { chemin: string; archives: number }[] {
  return db
    .prepare(
      `SELECT r.chemin, count(d.id) AS archives FROM dossiers_archives r
       LEFT JOIN dossiers d ON d.archive_racine = r.id AND d.archive_local_sha256 IS NOT NULL
       GROUP BY r.id ORDER BY r.chemin`,
    )
    .all() as { chemin: string; archives: number }[];
}

// ── What to archive ─────────────────────────────────────────────────────────

export interface ElementArchivable {
  numero: string;
  /** Code of the démarche: the folder name (stable, unlike its intitulé). */
  demarche: string;
  deposeLe: string;
  sha256: string;
  taille: number;
}

/** What the archive manager needs for these numéros: only dossiers the guichet may still serve. */
export function elementsArchivables(db: Db, numeros: string[]): ElementArchivable[] {
  const st = db.prepare(
    `SELECT numero, demarche_code AS demarche, depose_le AS deposeLe, archive_sha256 AS sha256, archive_taille AS taille
     FROM dossiers d WHERE numero = ? AND inconnu = 0 AND ${SQL_SERVI}`,
  );
  const r: ElementArchivable[] = [];
  for (const n of numeros) {
    const l = st.get(n) as ElementArchivable | undefined;
    if (l) r.push(l);
  }
  return r;
}

/**
 * Everything the guichet still serves without a verified local copy, closed dossiers included
 * (archived automatically after each sync), soonest to expire first.
 */
export function numerosNonArchives(db: Db): string[] {
  return db
    .prepare(
      `SELECT numero FROM dossiers d WHERE inconnu = 0 AND ${SQL_SERVI} AND ${SQL_NON_ARCHIVEE} ORDER BY expire_ms`,
    )
    .pluck()
    .all() as string[];
}

// ── Tombstones, details to read again, losses ───────────────────────────────

/**
 * A tombstone for a numéro this store has never seen (submitted, then closed or purged, while the
 * workstation was off): the numéro is all we know. Kept, so the dossier is fetched while the guichet
 * still serves it, or its loss recorded. Runs in the sync's transaction, with the cursor.
 */
export function enregistrerDossierInconnu(
  db: Db,
  numero: string,
  motif: 'cloture' | 'retention',
  le: string | undefined,
): boolean {
  const maintenant = Date.now();
  const retention = motif === 'retention';
  // Purged: the loss is recorded in the same statement (one write per tombstone on a first sync).
  const r = preparer(
    db,
    `INSERT INTO dossiers (numero, demarche_code, demarche_intitule, courriel, depose_le, depose_ms, expire_le,
         expire_ms, etat, dernier_commentaire, revision, archive_taille, archive_sha256, supprime_motif, supprime_ms,
         inconnu, detail_a_relire, cree_ms, perte_motif, perte_annoncee_le, perte_constatee_le)
       VALUES (?, '', '', '', '', 0, ?, 0, -1, NULL, 0, 0, '', ?, ?, 1, ?, ?, ?, ?, ?)
       ON CONFLICT (numero) DO NOTHING`,
  ).run(
    numero,
    le ?? '',
    motif,
    maintenant,
    retention ? 0 : 1,
    maintenant,
    retention ? 'retention' : null,
    retention ? (le ?? new Date(maintenant).toISOString()) : null,
    retention ? new Date(maintenant).toISOString() : null,
  );
  return r.changes > 0;
}

/** The motif of the tombstone the guichet sent for this dossier, if any. */
export function motifSuppression(db: Db, numero: string): 'cloture' | 'retention' | null {
  const l = db.prepare('SELECT supprime_motif FROM dossiers WHERE numero = ?').get(numero) as
    { supprime_motif: 'cloture' | 'retention' | null } | undefined;
  return l?.supprime_motif ?? null;
}

/** Gone from the guichet but an archive was kept: nothing more to read. */
export function relectureAbandonnee(db: Db, numero: string): void {
  db.prepare('UPDATE dossiers SET detail_a_relire = 0 WHERE numero = ?').run(numero);
}

export function demanderRelecture(db: Db, numero: string): void {
  preparer(db, 'UPDATE dossiers SET detail_a_relire = 1 WHERE numero = ?').run(numero);
}

export function numerosARelire(db: Db): string[] {
  return db
    .prepare(
      'SELECT numero FROM dossiers d WHERE detail_a_relire = 1 AND perte_constatee_le IS NULL ORDER BY numero',
    )
    .pluck()
    .all() as string[];
}

/** The detail was read (the dossier row now holds the guichet's data): nothing is a placeholder. */
export function relectureFaite(db: Db, numero: string): void {
  const l = db
    .prepare(
      'SELECT id, inconnu, demarche_intitule, demarche_code, courriel FROM dossiers WHERE numero = ? AND detail_a_relire = 1',
    )
    .get(numero) as
    | { id: number; inconnu: number; demarche_intitule: string; demarche_code: string; courriel: string }
    | undefined;
  if (!l) return;
  db.prepare('UPDATE dossiers SET detail_a_relire = 0, inconnu = 0 WHERE id = ?').run(l.id);
  if (l.inconnu === 1) {
    // The row below has no données: the indexer puts them back from the archive.
    db.prepare('UPDATE dossiers SET donnees_indexees = 0 WHERE id = ?').run(l.id);
    // Searchable like any dossier from the list (its placeholders may have been indexed by a bulk load).
    db.prepare('DELETE FROM dossiers_fts WHERE rowid = ?').run(l.id);
    db.prepare('INSERT INTO dossiers_fts (rowid, numero, demarche, courriel) VALUES (?, ?, ?, ?)').run(
      l.id,
      numero,
      `${l.demarche_intitule} ${l.demarche_code}`,
      l.courriel,
    );
  }
}

/**
 * The guichet no longer serves a dossier of which no local archive was ever kept. Recorded once,
 * kept forever; `annonceeLe` is the deletion date the guichet gave (its expiry, or the tombstone's).
 */
export function enregistrerPerte(
  db: Db,
  numero: string,
  motif: 'cloture' | 'retention',
  annonceeLe: string,
): boolean {
  return (
    preparer(
      db,
      `UPDATE dossiers SET perte_motif = ?, perte_annoncee_le = ?, perte_constatee_le = ?, detail_a_relire = 0
         WHERE numero = ? AND perte_constatee_le IS NULL AND archive_local_sha256 IS NULL`,
    ).run(motif, annonceeLe, new Date().toISOString(), numero).changes > 0
  );
}

/** The date the guichet announced for the deletion of a known dossier: its expiry. */
export function dateSuppressionAnnoncee(db: Db, numero: string): string | null {
  const l = preparer(db, 'SELECT expire_le FROM dossiers WHERE numero = ?').get(numero) as
    { expire_le: string } | undefined;
  return l && l.expire_le !== '' ? l.expire_le : null;
}

export function acquitterPertes(db: Db, numeros?: string[]): number {
  const le = new Date().toISOString();
  if (!numeros) {
    return db
      .prepare(
        'UPDATE dossiers SET perte_acquittee_le = ? WHERE perte_constatee_le IS NOT NULL AND perte_acquittee_le IS NULL',
      )
      .run(le).changes;
  }
  const st = db.prepare(
    'UPDATE dossiers SET perte_acquittee_le = ? WHERE numero = ? AND perte_constatee_le IS NOT NULL AND perte_acquittee_le IS NULL',
  );
  let n = 0;
  db.transaction(() => {
    for (const numero of numeros) n += st.run(le, numero).changes;
  })();
  return n;
}

interface LignePerte {
  numero: string;
  demarche_code: string;
  demarche_intitule: string;
  depose_le: string;
  perte_motif: 'cloture' | 'retention';
  perte_annoncee_le: string;
  perte_constatee_le: string;
  perte_acquittee_le: string | null;
}

export function listerPertes(db: Db): PerteDetaillee[] {
  const lignes = db
    .prepare(
      `SELECT numero, demarche_code, demarche_intitule, depose_le, perte_motif, perte_annoncee_le, perte_constatee_le,
         perte_acquittee_le FROM dossiers d WHERE ${SQL_PERDU} ORDER BY perte_constatee_le, numero`,
    )
    .all() as LignePerte[];
  return lignes.map((l) => ({
    numero: l.numero,
    demarche: l.demarche_code === '' ? null : { code: l.demarche_code, intitule: l.demarche_intitule },
    deposeLe: l.depose_le === '' ? null : l.depose_le,
    motif: l.perte_motif,
    annonceeLe: l.perte_annoncee_le,
    constateeLe: l.perte_constatee_le,
    acquitteeLe: l.perte_acquittee_le,
  }));
}

/** What a nightly job alerts on. */
export function bilanArchives(db: Db, maintenant: number, joursRisque: number): BilanArchives {
  const numeros = (where: string) => {
    const st = db.prepare(`SELECT numero FROM dossiers d WHERE ${where} ORDER BY numero`).pluck();
    return (
      where.includes('@limiteRisque')
        ? st.all({ limiteRisque: limiteRisque(maintenant, joursRisque) })
        : st.all()
    ) as string[];
  };
  return {
    aRisque: numeros(SQL_A_RISQUE),
    perdus: numeros(SQL_PERDU),
    perdusNonAcquittes: numeros(`${SQL_PERDU} AND d.perte_acquittee_le IS NULL`),
    nonVerifies: numeros(SQL_DEFECTUEUSE),
    joursRisque,
  };
}

export function alerteArchives(b: BilanArchives): boolean {
  return b.aRisque.length > 0 || b.perdusNonAcquittes.length > 0 || b.nonVerifies.length > 0;
}

// ── Register ────────────────────────────────────────────────────────────────

export interface LigneRegistre {
  numero: string;
  demarcheCode: string | null;
  demarcheIntitule: string | null;
  deposeLe: string | null;
  archiveeLe: string | null;
  sha256: string | null;
  taille: number | null;
  cheminRelatif: string | null;
  dossierArchives: string | null;
  /** The état code when the archive was written. */
  etatArchive: number | null;
  defaut: DefautArchive | null;
  perte: Perte | null;
}

/** Every dossier kept (or recorded as lost), in numéro order: what the archivist is shown. */
export function lignesRegistre(db: Db): LigneRegistre[] {
  const lignes = db
    .prepare(
      `SELECT d.numero, d.inconnu, d.demarche_code, d.demarche_intitule, d.depose_le, d.archivee_le,
         d.archive_local_sha256, d.archive_local_taille, d.archive_chemin, r.chemin AS racine, d.archive_etat,
         d.archive_defaut, d.perte_motif, d.perte_annoncee_le, d.perte_constatee_le, d.perte_acquittee_le
       FROM dossiers d LEFT JOIN dossiers_archives r ON r.id = d.archive_racine
       WHERE d.archive_local_sha256 IS NOT NULL OR d.perte_constatee_le IS NOT NULL ORDER BY d.numero`,
    )
    .all() as {
    numero: string;
    inconnu: number;
    demarche_code: string;
    demarche_intitule: string;
    depose_le: string;
    archivee_le: string | null;
    archive_local_sha256: string | null;
    archive_local_taille: number | null;
    archive_chemin: string | null;
    racine: string | null;
    archive_etat: number | null;
    archive_defaut: DefautArchive | null;
    perte_motif: 'cloture' | 'retention' | null;
    perte_annoncee_le: string | null;
    perte_constatee_le: string | null;
    perte_acquittee_le: string | null;
  }[];
  return lignes.map((l) => {
    const connu = l.inconnu === 0;
    return {
      numero: l.numero,
      demarcheCode: connu ? l.demarche_code : null,
      demarcheIntitule: connu ? l.demarche_intitule : null,
      deposeLe: connu ? l.depose_le : null,
      archiveeLe: l.archivee_le,
      sha256: l.archive_local_sha256,
      taille: l.archive_local_taille,
      cheminRelatif: l.archive_local_sha256 ? l.archive_chemin : null,
      dossierArchives: l.archive_local_sha256 ? l.racine : null,
      etatArchive: l.archive_local_sha256 ? l.archive_etat : null,
      defaut: l.archive_defaut,
      perte: perteDe(l),
    };
  });
}
