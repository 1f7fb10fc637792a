import type { ActionFile, CompteursFile, StatutAction, TypeAction } from '../../shared/app-api/index.js';
import type { Db } from '../store/index.js';
import type { DonneesAction } from './donnees.js';

/** One outbox row as stored: what the UI sees (ActionFile) plus what the replay needs. */
export interface ActionStockee extends Omit<ActionFile, 'prochainEssai'> {
  seq: number;
  /** Copy of the PDF, relative to the profile folder. */
  fichier: string | null;
  taille: number | null;
  sha256: string | null;
  cles: string[];
  revision: number | null;
  prochainEssaiMs: number | null;
  par: string | null;
  /** Message, justificatif and rendez-vous: their own fields (null for the other types). */
  donnees: DonneesAction | null;
}

interface Ligne {
  seq: number;
  id: string;
  type: TypeAction;
  numeros_json: string;
  etat: number | null;
  commentaire: string | null;
  slot: string | null;
  nom_fichier: string | null;
  fichier: string | null;
  taille: number | null;
  sha256: string | null;
  cles_json: string;
  revision: number | null;
  statut: StatutAction;
  tentatives: number;
  erreur: string | null;
  cree_le: string;
  prochain_essai_ms: number | null;
  par: string | null;
  donnees_json: string | null;
  resume: string | null;
}

/** Actions queued before version 4 of the store had no summary: one from their columns. */
function resumeAncien(l: Ligne): string {
  switch (l.type) {
    case 'etat':
      return `Changement d'état (${l.etat ?? '?'})`;
    case 'piece':
      return `Pièce jointe « ${l.nom_fichier ?? ''} »`;
    case 'cloture': {
      const n = (JSON.parse(l.numeros_json) as string[]).length;
      return `Clôture de ${n} dossier${n > 1 ? 's' : ''}`;
    }
    default:
      return l.type;
  }
}

function depuisLigne(l: Ligne): ActionStockee {
  return {
    seq: l.seq,
    id: l.id,
    type: l.type,
    numeros: JSON.parse(l.numeros_json) as string[],
    etat: l.etat,
    commentaire: l.commentaire,
    slot: l.slot,
    nomFichier: l.nom_fichier,
    fichier: l.fichier,
    taille: l.taille,
    sha256: l.sha256,
    cles: JSON.parse(l.cles_json) as string[],
    revision: l.revision,
    statut: l.statut,
    tentatives: l.tentatives,
    erreur: l.erreur,
    creeLe: l.cree_le,
    prochainEssaiMs: l.prochain_essai_ms,
    par: l.par,
    donnees: l.donnees_json === null ? null : (JSON.parse(l.donnees_json) as DonneesAction),
    resume: l.resume ?? resumeAncien(l),
  };
}

export function versActionFile(a: ActionStockee): ActionFile {
  return {
    id: a.id,
    type: a.type,
    numeros: a.numeros,
    etat: a.etat,
    commentaire: a.commentaire,
    slot: a.slot,
    nomFichier: a.nomFichier,
    statut: a.statut,
    tentatives: a.tentatives,
    erreur: a.erreur,
    creeLe: a.creeLe,
    prochainEssai: a.prochainEssaiMs === null ? null : new Date(a.prochainEssaiMs).toISOString(),
    resume: a.resume,
  };
}

export type NouvelleAction = Omit<
  ActionStockee,
  'seq' | 'statut' | 'tentatives' | 'erreur' | 'prochainEssaiMs' | 'donnees'
> & { donnees?: DonneesAction | null };

/** Inserts the row and its dossiers; must run in the transaction that applies the optimistic effect. */
export function insererAction(db: Db, a: NouvelleAction): ActionStockee {
  const res = db
    .prepare(
      `INSERT INTO actions (id, type, numeros_json, etat, commentaire, slot, nom_fichier, fichier, taille, sha256,
        cles_json, revision, statut, cree_le, par, donnees_json, resume)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en-attente', ?, ?, ?, ?)`,
    )
    .run(
      a.id,
      a.type,
      JSON.stringify(a.numeros),
      a.etat,
      a.commentaire,
      a.slot,
      a.nomFichier,
      a.fichier,
      a.taille,
      a.sha256,
      JSON.stringify(a.cles),
      a.revision,
      a.creeLe,
      a.par,
      a.donnees ? JSON.stringify(a.donnees) : null,
      a.resume,
    );
  const seq = Number(res.lastInsertRowid);
  const lien = db.prepare('INSERT INTO action_dossiers (action_seq, numero) VALUES (?, ?)');
  for (const n of a.numeros) lien.run(seq, n);
  return {
    ...a,
    donnees: a.donnees ?? null,
    seq,
    statut: 'en-attente',
    tentatives: 0,
    erreur: null,
    prochainEssaiMs: null,
  };
}

export function lireAction(db: Db, id: string): ActionStockee | null {
  const l = db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as Ligne | undefined;
  return l ? depuisLigne(l) : null;
}

export function lireActionSeq(db: Db, seq: number): ActionStockee | null {
  const l = db.prepare('SELECT * FROM actions WHERE seq = ?').get(seq) as Ligne | undefined;
  return l ? depuisLigne(l) : null;
}

export function actionsParStatut(db: Db, statuts: StatutAction[]): ActionStockee[] {
  const marques = statuts.map(() => '?').join(', ');
  return (
    db.prepare(`SELECT * FROM actions WHERE statut IN (${marques}) ORDER BY seq`).all(...statuts) as Ligne[]
  ).map(depuisLigne);
}

/** Actions not yet settled for a dossier (pending, in flight, in conflict or refused). */
export function actionsDuDossier(db: Db, numero: string, statuts: StatutAction[]): ActionStockee[] {
  const marques = statuts.map(() => '?').join(', ');
  return (
    db
      .prepare(
        `SELECT a.* FROM actions a JOIN action_dossiers ad ON ad.action_seq = a.seq
         WHERE ad.numero = ? AND a.statut IN (${marques}) AND (ad.statut = 'attente' OR a.statut IN ('conflit', 'refusee'))
         ORDER BY a.seq`,
      )
      .all(numero, ...statuts) as Ligne[]
  ).map(depuisLigne);
}

/** Numéros with an action still waiting to be acknowledged: their displayed state is optimistic. */
export function numerosEnAttente(db: Db): Set<string> {
  return new Set(
    db
      .prepare(
        `SELECT DISTINCT ad.numero FROM action_dossiers ad JOIN actions a ON a.seq = ad.action_seq
         WHERE ad.statut = 'attente' AND a.statut IN ('en-attente', 'en-cours')`,
      )
      .pluck()
      .all() as string[],
  );
}

export function majStatut(
  db: Db,
  seq: number,
  statut: StatutAction,
  champs: { erreur?: string | null; tentatives?: number; prochainEssaiMs?: number | null } = {},
): void {
  db.prepare(
    `UPDATE actions SET statut = @statut,
       erreur = CASE WHEN @majErreur THEN @erreur ELSE erreur END,
       tentatives = COALESCE(@tentatives, tentatives),
       prochain_essai_ms = CASE WHEN @majProchain THEN @prochain ELSE prochain_essai_ms END
     WHERE seq = @seq`,
  ).run({
    seq,
    statut,
    majErreur: champs.erreur !== undefined ? 1 : 0,
    erreur: champs.erreur ?? null,
    tentatives: champs.tentatives ?? null,
    majProchain: champs.prochainEssaiMs !== undefined ? 1 : 0,
    prochain: champs.prochainEssaiMs ?? null,
  });
}

export function majLiensDossiers(
  db: Db,
  seq: number,
  numeros: string[],
  statut: 'attente' | 'fait' | 'echec',
): void {
  const st = db.prepare('UPDATE action_dossiers SET statut = ? WHERE action_seq = ? AND numero = ?');
  for (const n of numeros) st.run(statut, seq, n);
}

export function liensDossiers(db: Db, seq: number): Map<string, 'attente' | 'fait' | 'echec'> {
  const lignes = db.prepare('SELECT numero, statut FROM action_dossiers WHERE action_seq = ?').all(seq) as {
    numero: string;
    statut: 'attente' | 'fait' | 'echec';
  }[];
  return new Map(lignes.map((l) => [l.numero, l.statut]));
}

export function compteurs(db: Db): CompteursFile {
  const l = db
    .prepare(
      `SELECT sum(statut IN ('en-attente', 'en-cours')) AS a, sum(statut = 'conflit') AS c, sum(statut = 'refusee') AS r FROM actions`,
    )
    .get() as { a: number | null; c: number | null; r: number | null };
  return { enAttente: l.a ?? 0, conflit: l.c ?? 0, refusee: l.r ?? 0 };
}

/** A crash leaves nothing stuck: what was in flight is pending again (its cle makes resending safe). */
export function reinitialiserEnCours(db: Db): number {
  return db.prepare("UPDATE actions SET statut = 'en-attente' WHERE statut = 'en-cours'").run().changes;
}

/** After an acknowledged change to `numero`, later actions based on the old revision move on to the new one. */
export function chainerRevision(
  db: Db,
  numero: string,
  ancienne: number,
  nouvelle: number,
  apresSeq: number,
): void {
  db.prepare(
    `UPDATE actions SET revision = ? WHERE seq > ? AND revision = ? AND statut = 'en-attente' AND type = 'etat'
       AND seq IN (SELECT action_seq FROM action_dossiers WHERE numero = ?)`,
  ).run(nouvelle, apresSeq, ancienne, numero);
}
