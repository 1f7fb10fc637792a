import type { Statement } from 'better-sqlite3';
import type { Dossier, HistoriqueEntree, PieceDeposee } from '../../shared/api/index.js';
import type { ArchiveLocale, DefautArchive, Perte } from '../../shared/app-api/index.js';
import { ftsSuspendu } from './chargement.js';
import type { Db } from './db.js';
import { ecrirePortail } from './portail.js';

/** What the guichet last confirmed about a dossier (historique/pièces when the detail was read). */
export type DossierServeur = Dossier & { historique?: HistoriqueEntree[]; piecesDeposees?: PieceDeposee[] };

/** What the agent sees: the server state with the pending actions applied. */
export interface DossierAffiche {
  etat: number;
  dernierCommentaire: string | null;
  historique: HistoriqueEntree[];
  piecesDeposees: PieceDeposee[];
}

export type ResultatApplication = 'nouveau' | 'modifie' | 'inchange';

/** Told of the citizen messages a write brought that this workstation had never seen. */
export type SurNouveauxMessages = (numero: string, ids: string[], dossierNouveau: boolean) => void;

interface Ligne {
  id: number;
  numero: string;
  demarche_code: string;
  demarche_intitule: string;
  courriel: string;
  depose_le: string;
  expire_le: string;
  etat: number;
  dernier_commentaire: string | null;
  revision: number;
  archive_taille: number;
  archive_sha256: string;
  serveur_json: string | null;
}

/**
 * The guichet's last confirmed version. Most dossiers only ever came from the list and have no
 * pending action: their columns ARE that version, so no JSON copy is kept for them (it would double
 * the sync's writes). The copy is written once a detail is read or an action is queued.
 */
function serveurDe(l: Ligne): DossierServeur {
  if (l.serveur_json !== null) return JSON.parse(l.serveur_json) as DossierServeur;
  return {
    numero: l.numero,
    demarche: { code: l.demarche_code, intitule: l.demarche_intitule },
    courriel: l.courriel,
    deposeLe: l.depose_le,
    etat: l.etat,
    dernierCommentaire: l.dernier_commentaire,
    revision: l.revision,
    expireLe: l.expire_le,
    archive: { taille: l.archive_taille, sha256: l.archive_sha256 },
  };
}

function requetes(db: Db) {
  return {
    lire: db.prepare(`SELECT d.id, d.numero, d.demarche_code, d.demarche_intitule, d.courriel, d.depose_le, d.expire_le,
        d.etat, d.dernier_commentaire, d.revision, d.archive_taille, d.archive_sha256, j.serveur_json
      FROM dossiers d LEFT JOIN dossiers_json j ON j.id = d.id WHERE d.numero = ?`),
    inserer:
      db.prepare(`INSERT INTO dossiers (numero, demarche_code, demarche_intitule, courriel, depose_le, depose_ms,
        expire_le, expire_ms, etat, dernier_commentaire, revision, archive_taille, archive_sha256, detail_complet, cree_ms)
      VALUES (@numero, @demarche_code, @demarche_intitule, @courriel, @depose_le, @depose_ms, @expire_le, @expire_ms,
        @etat, @dernier_commentaire, @revision, @archive_taille, @archive_sha256, @detail_complet, @cree_ms)`),
    // Positional parameters: the bulk load runs it ~100,000 times, and binding by name (one
    // object built and looked up per row) costs a third more than the insert itself.
    insererSiNouveau:
      db.prepare(`INSERT INTO dossiers (numero, demarche_code, demarche_intitule, courriel, depose_le,
        depose_ms, expire_le, expire_ms, etat, dernier_commentaire, revision, archive_taille, archive_sha256,
        detail_complet, cree_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
      ON CONFLICT (numero) DO NOTHING`),
    ecrireJson: db.prepare(`INSERT INTO dossiers_json (id, serveur_json, historique_json, pieces_json)
      VALUES (@id, @serveur_json, @historique_json, @pieces_json)
      ON CONFLICT (id) DO UPDATE SET serveur_json = excluded.serveur_json, historique_json = excluded.historique_json,
        pieces_json = excluded.pieces_json`),
    maj: db.prepare(`UPDATE dossiers SET demarche_code = @demarche_code, demarche_intitule = @demarche_intitule,
        courriel = @courriel, depose_le = @depose_le, depose_ms = @depose_ms, expire_le = @expire_le,
        expire_ms = @expire_ms, etat = @etat, dernier_commentaire = @dernier_commentaire, revision = @revision,
        archive_taille = @archive_taille, archive_sha256 = @archive_sha256, detail_complet = @detail_complet
      WHERE id = @id`),
    ftsInserer: db.prepare(
      'INSERT INTO dossiers_fts (rowid, numero, demarche, courriel) VALUES (?, ?, ?, ?)',
    ),
    majAffiche: db.prepare('UPDATE dossiers SET etat = ?, dernier_commentaire = ? WHERE id = ?'),
    supprimer: db.prepare(
      'UPDATE dossiers SET supprime_motif = ?, supprime_ms = ? WHERE numero = ? AND (supprime_motif IS NULL OR supprime_motif <> ?)',
    ),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof requetes>>();
function r(db: Db) {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = requetes(db)));
  return q;
}

function parametres(d: DossierServeur, affiche: DossierAffiche, complet: boolean) {
  return {
    numero: d.numero,
    demarche_code: d.demarche.code,
    demarche_intitule: d.demarche.intitule,
    courriel: d.courriel,
    depose_le: d.deposeLe,
    depose_ms: Date.parse(d.deposeLe),
    expire_le: d.expireLe,
    expire_ms: Date.parse(d.expireLe),
    etat: affiche.etat,
    dernier_commentaire: affiche.dernierCommentaire,
    revision: d.revision,
    archive_taille: d.archive.taille,
    archive_sha256: d.archive.sha256,
    detail_complet: complet ? 1 : 0,
  };
}

/** The JSON copy, only built when it is written (most list items never need one). */
function json(id: number, affiche: DossierAffiche, serveur: DossierServeur) {
  // The portal side has its own table (dossiers_portail): not twice.
  const { portail: _portail, ...sansPortail } = serveur;
  return {
    id,
    serveur_json: JSON.stringify(sansPortail),
    historique_json: JSON.stringify(affiche.historique),
    pieces_json: JSON.stringify(affiche.piecesDeposees),
  };
}

export function afficheDepuisServeur(s: DossierServeur): DossierAffiche {
  return {
    etat: s.etat,
    dernierCommentaire: s.dernierCommentaire,
    historique: s.historique ?? [],
    piecesDeposees: s.piecesDeposees ?? [],
  };
}

/**
 * Records what the guichet says about a dossier (list item or detail) and shows it as is. The caller
 * recomputes the displayed state afterwards when the dossier has pending actions. Runs inside the
 * caller's transaction.
 */
export function appliquerDossierServeur(
  db: Db,
  d: DossierServeur,
  complet: boolean,
  surMessages?: SurNouveauxMessages,
): ResultatApplication {
  const q = r(db);
  const portail = (id: number, nouveau: boolean) => {
    if (!d.portail) return;
    const ids = ecrirePortail(db, id, d.numero, d.portail);
    if (ids.length > 0) surMessages?.(d.numero, ids, nouveau);
  };
  if (ftsSuspendu(db) && !complet) {
    // Bulk load into an empty store: try the insert first, look the row up only if it exists.
    // Same values as parametres(d, afficheDepuisServeur(d), false) (a list item is shown as is).
    const res = q.insererSiNouveau.run(
      d.numero,
      d.demarche.code,
      d.demarche.intitule,
      d.courriel,
      d.deposeLe,
      Date.parse(d.deposeLe),
      d.expireLe,
      Date.parse(d.expireLe),
      d.etat,
      d.dernierCommentaire,
      d.revision,
      d.archive.taille,
      d.archive.sha256,
      Date.now(),
    );
    if (res.changes > 0) {
      portail(Number(res.lastInsertRowid), true);
      return 'nouveau';
    }
  }
  const existant = q.lire.get(d.numero) as Ligne | undefined;
  if (!existant) {
    const affiche = afficheDepuisServeur(d);
    const id = Number(
      q.inserer.run({ ...parametres(d, affiche, complet), cree_ms: Date.now() }).lastInsertRowid,
    );
    if (complet) q.ecrireJson.run(json(id, affiche, d));
    if (!ftsSuspendu(db))
      q.ftsInserer.run(id, d.numero, `${d.demarche.intitule} ${d.demarche.code}`, d.courriel);
    portail(id, true);
    return 'nouveau';
  }
  if (existant.revision === d.revision && !complet) return 'inchange';
  const ancien =
    existant.serveur_json !== null ? (JSON.parse(existant.serveur_json) as DossierServeur) : null;
  // A list item carries no historique: keep the last known one (marked incomplete if stale).
  const serveur: DossierServeur =
    complet || !ancien
      ? d
      : { ...d, historique: ancien.historique ?? [], piecesDeposees: ancien.piecesDeposees ?? [] };
  const detailComplet = complet || (existant.revision === d.revision && ancien?.historique !== undefined);
  const affiche = afficheDepuisServeur(serveur);
  q.maj.run({ ...parametres(d, affiche, detailComplet), id: existant.id });
  if (complet || ancien) q.ecrireJson.run(json(existant.id, affiche, serveur));
  portail(existant.id, false);
  return existant.revision === d.revision ? 'inchange' : 'modifie';
}

export function lireServeur(db: Db, numero: string): DossierServeur | null {
  const l = r(db).lire.get(numero) as Ligne | undefined;
  return l ? serveurDe(l) : null;
}

/** Shows `a` (server state + pending actions); keeps `serveur` aside to recompute from later. */
export function ecrireAffiche(db: Db, numero: string, a: DossierAffiche, serveur: DossierServeur): void {
  const q = r(db);
  const l = q.lire.get(numero) as Ligne | undefined;
  if (!l) return;
  q.majAffiche.run(a.etat, a.dernierCommentaire, l.id);
  q.ecrireJson.run(json(l.id, a, serveur));
}

/** Tombstone: the guichet no longer has the dossier; we keep it (and its archive) and say so. */
export function marquerSupprime(db: Db, numero: string, motif: 'cloture' | 'retention'): boolean {
  return r(db).supprimer.run(motif, Date.now(), numero, motif).changes > 0;
}

/** A stored dossier; null where only a tombstone told us of it (see migration 002). */
export interface DossierStocke {
  numero: string;
  demarche: { code: string; intitule: string } | null;
  courriel: string | null;
  deposeLe: string | null;
  expireLe: string | null;
  etat: number | null;
  dernierCommentaire: string | null;
  revision: number;
  archive: { taille: number; sha256: string } | null;
  historique: HistoriqueEntree[];
  piecesDeposees: PieceDeposee[];
  detailComplet: boolean;
  supprimeDuGuichet: 'cloture' | 'retention' | null;
  archiveLocale: ArchiveLocale | null;
  perte: Perte | null;
}

/** A dossier the guichet listed to us (not one known by its tombstone alone). */
export type DossierConnu = DossierStocke & {
  demarche: NonNullable<DossierStocke['demarche']>;
  etat: number;
};

export function estConnu(d: DossierStocke): d is DossierConnu {
  return d.demarche !== null && d.etat !== null;
}

/** The archive and loss columns, as both the list and the detail read them. */
export interface LigneEtatArchive {
  inconnu: number;
  supprime_motif: 'cloture' | 'retention' | null;
  archivee_le: string | null;
  archive_local_sha256: string | null;
  archive_local_taille: number | null;
  archive_verifiee_le: string | null;
  archive_defaut: DefautArchive | null;
  perte_motif: 'cloture' | 'retention' | null;
  perte_annoncee_le: string | null;
  perte_constatee_le: string | null;
  perte_acquittee_le: string | null;
}

export const COLONNES_ETAT_ARCHIVE = `d.inconnu, d.supprime_motif, d.archivee_le, d.archive_local_sha256,
  d.archive_local_taille, d.archive_verifiee_le, d.archive_defaut, d.perte_motif, d.perte_annoncee_le,
  d.perte_constatee_le, d.perte_acquittee_le`;

export function archiveLocaleDe(l: LigneEtatArchive): ArchiveLocale | null {
  return l.archivee_le && l.archive_local_sha256 && l.archive_local_taille !== null
    ? {
        archiveeLe: l.archivee_le,
        sha256: l.archive_local_sha256,
        taille: l.archive_local_taille,
        verifieeLe: l.archive_verifiee_le,
        defaut: l.archive_defaut,
      }
    : null;
}

export function perteDe(
  l: Pick<
    LigneEtatArchive,
    'perte_motif' | 'perte_annoncee_le' | 'perte_constatee_le' | 'perte_acquittee_le'
  >,
): Perte | null {
  return l.perte_constatee_le && l.perte_motif && l.perte_annoncee_le
    ? {
        motif: l.perte_motif,
        annonceeLe: l.perte_annoncee_le,
        constateeLe: l.perte_constatee_le,
        acquitteeLe: l.perte_acquittee_le,
      }
    : null;
}

/** Placeholders of a dossier known by its tombstone alone become null. */
export function connu<T>(l: { inconnu: number }, valeur: T): T | null {
  return l.inconnu === 1 ? null : valeur;
}

interface LigneComplete extends Omit<Ligne, 'id' | 'serveur_json'>, LigneEtatArchive {
  historique_json: string;
  pieces_json: string;
  detail_complet: number;
}

export function lireDossier(db: Db, numero: string): DossierStocke | null {
  const l = db
    .prepare(
      `SELECT d.*, coalesce(j.historique_json, '[]') AS historique_json, coalesce(j.pieces_json, '[]') AS pieces_json
       FROM dossiers d LEFT JOIN dossiers_json j ON j.id = d.id WHERE d.numero = ?`,
    )
    .get(numero) as LigneComplete | undefined;
  if (!l) return null;
  return {
    numero: l.numero,
    demarche: connu(l, { code: l.demarche_code, intitule: l.demarche_intitule }),
    courriel: connu(l, l.courriel),
    deposeLe: connu(l, l.depose_le),
    expireLe: connu(l, l.expire_le),
    etat: connu(l, l.etat),
    dernierCommentaire: l.dernier_commentaire,
    revision: l.revision,
    archive: connu(l, { taille: l.archive_taille, sha256: l.archive_sha256 }),
    historique: JSON.parse(l.historique_json) as HistoriqueEntree[],
    piecesDeposees: JSON.parse(l.pieces_json) as PieceDeposee[],
    detailComplet: l.detail_complet === 1,
    supprimeDuGuichet: l.supprime_motif,
    archiveLocale: archiveLocaleDe(l),
    perte: perteDe(l),
  };
}

/** Adds the citizen's données (from donnees.xml) to the full-text index. */
export function indexerDonnees(db: Db, numero: string, texte: string): void {
  db.transaction(() => {
    const l = db
      .prepare('SELECT id, numero, demarche_intitule, demarche_code, courriel FROM dossiers WHERE numero = ?')
      .get(numero) as
      | { id: number; numero: string; demarche_intitule: string; demarche_code: string; courriel: string }
      | undefined;
    if (!l) return;
    db.prepare('DELETE FROM dossiers_fts WHERE rowid = ?').run(l.id);
    (
      db.prepare(
        'INSERT INTO dossiers_fts (rowid, numero, demarche, courriel, donnees) VALUES (?, ?, ?, ?, ?)',
      ) as Statement
    ).run(l.id, l.numero, `${l.demarche_intitule} ${l.demarche_code}`, l.courriel, texte);
    db.prepare('UPDATE dossiers SET donnees_indexees = 1 WHERE id = ?').run(l.id);
  })();
}
