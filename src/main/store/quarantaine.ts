import type { DossierIllisible } from '../../shared/app-api/index.js';
import type { Db } from './db.js';

/** Enough of the raw JSON for the guichet's administrator to recognise it, never a whole page. */
const EXTRAIT_MAX = 2000;

export interface EntreeQuarantaine {
  numero: string | null;
  raison: string;
  /** The raw element as received. */
  brut: unknown;
  le: string;
}

export function extraitBrut(brut: unknown): string {
  let texte: string;
  try {
    texte = JSON.stringify(brut) ?? String(brut);
  } catch {
    texte = String(brut);
  }
  return texte.length > EXTRAIT_MAX ? `${texte.slice(0, EXTRAIT_MAX)}…` : texte;
}

/**
 * Sets a malformed element aside. The same numéro received malformed again replaces its entry; an
 * element without a readable numéro is recognised by its extract, so a page served twice does not
 * list it twice.
 */
export function mettreEnQuarantaine(db: Db, e: EntreeQuarantaine): void {
  const extrait = extraitBrut(e.brut);
  if (e.numero !== null) {
    db.prepare(
      `INSERT INTO quarantaine (numero, recu_le, raison, extrait) VALUES (?, ?, ?, ?)
       ON CONFLICT (numero) DO UPDATE SET recu_le = excluded.recu_le, raison = excluded.raison, extrait = excluded.extrait`,
    ).run(e.numero, e.le, e.raison, extrait);
    return;
  }
  const maj = db
    .prepare('UPDATE quarantaine SET recu_le = ?, raison = ? WHERE numero IS NULL AND extrait = ?')
    .run(e.le, e.raison, extrait);
  if (maj.changes === 0)
    db.prepare('INSERT INTO quarantaine (numero, recu_le, raison, extrait) VALUES (NULL, ?, ?, ?)').run(
      e.le,
      e.raison,
      extrait,
    );
}

/** The guichet sent it again valid (or settled it by a tombstone): no longer set aside. */
export function retirerDeQuarantaine(db: Db, numero: string): boolean {
  return db.prepare('DELETE FROM quarantaine WHERE numero = ?').run(numero).changes > 0;
}

/** What became of it since (e.g. deleted from the guichet): its extract and date stay those received. */
export function raisonQuarantaine(db: Db, numero: string, raison: string): void {
  db.prepare('UPDATE quarantaine SET raison = ? WHERE numero = ?').run(raison, numero);
}

/** Read once per sync, so that a valid dossier costs a lookup in memory, not a query. */
export function numerosEnQuarantaine(db: Db): Set<string> {
  return new Set(
    db.prepare('SELECT numero FROM quarantaine WHERE numero IS NOT NULL').pluck().all() as string[],
  );
}

export function listerQuarantaine(db: Db): DossierIllisible[] {
  const lignes = db
    .prepare(
      'SELECT numero, raison, recu_le AS le, acquitte_le FROM quarantaine ORDER BY recu_le DESC, numero IS NULL, numero',
    )
    .all() as (Omit<DossierIllisible, 'acquitte'> & { acquitte_le: string | null })[];
  return lignes.map(({ acquitte_le, ...d }) => ({ ...d, acquitte: acquitte_le !== null }));
}

/** « Pris connaissance » of every entry not yet acknowledged: they stay listed, the alerts stop. */
export function acquitterQuarantaine(db: Db, le: string): number {
  return db.prepare('UPDATE quarantaine SET acquitte_le = ? WHERE acquitte_le IS NULL').run(le).changes;
}
