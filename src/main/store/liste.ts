import {
  ongletSchema,
  type ComptesOnglets,
  type DossierLigne,
  type FiltreDossiers,
  type Onglet,
  type TriDossiers,
} from '../../shared/app-api/index.js';
import { limiteRisque, SQL_A_RISQUE, SQL_DEFECTUEUSE, SQL_PERDU } from './archivage.js';
import { chronometrer, type Db } from './db.js';
import { SEMAINE_RENDEZ_VOUS_MS, SQL_RENDEZ_VOUS_PROCHE } from './portail.js';
import { lireReferentiel } from './referentiel.js';
import { archiveLocaleDe, COLONNES_ETAT_ARCHIVE, connu, perteDe, type LigneEtatArchive } from './dossiers.js';

const JOUR_MS = 86_400_000;

/** A calendar day typed by the agent, as the first millisecond of that day in local time. */
export function debutJourLocal(jour: string): number {
  const [a, m, j] = jour.split('-').map(Number) as [number, number, number];
  return new Date(a, m - 1, j).getTime();
}

/** Turns what the agent typed into an FTS5 query: every word must match, as a prefix. */
export function requeteFts(texte: string): string | null {
  const mots = texte
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((m) => m.length > 0)
    .slice(0, 12);
  if (mots.length === 0) return null;
  return mots.map((m) => `"${m.replaceAll('"', '')}"*`).join(' ');
}

/** The state codes the tabs are made of, read from the workflows the guichet serves. */
export interface EtatsOnglets {
  terminaux: number[];
  attentePieces: number[];
  /** The citizen answered (« rectifié »): the agent has to look again. */
  aRevoir: number[];
}

const AUCUN_ETAT: EtatsOnglets = { terminaux: [], attentePieces: [], aRevoir: [] };

export function etatsOnglets(db: Db): EtatsOnglets {
  const etats = lireReferentiel(db).workflows.flatMap((w) => w.etats);
  return {
    terminaux: etats.filter((e) => e.terminal).map((e) => e.code),
    // A guichet that does not flag its states still names them: « … en attente de pièces … ».
    attentePieces: etats
      .filter((e) => e.attentePieces ?? /attente de pi[eè]ces/i.test(e.libelle))
      .map((e) => e.code),
    aRevoir: etats.filter((e) => e.aRevoir).map((e) => e.code),
  };
}

const SQL_TERMINAL = 'd.etat IN (SELECT value FROM json_each(@terminaux))';

/** One tab as a condition; `sans` is the unary + that keeps SQLite off an index (see clauseFiltre). */
function conditionOnglet(onglet: Onglet, sans: string): string | null {
  switch (onglet) {
    case 'a-traiter':
      return `${sans}d.supprime_motif IS NULL AND NOT ${sans}${SQL_TERMINAL}`;
    case 'a-revoir':
      return 'd.supprime_motif IS NULL AND d.etat IN (SELECT value FROM json_each(@aRevoir))';
    case 'attente-pieces':
      return 'd.supprime_motif IS NULL AND d.etat IN (SELECT value FROM json_each(@attentePieces))';
    case 'expirent':
      return 'd.supprime_motif IS NULL AND d.expire_ms <= @expireOnglet';
    // Closed here or by a colleague: the guichet stops listing it (motif « cloture ») but serves it
    // until its purge, when the motif becomes « retention » and it moves to « Supprimés du guichet ».
    case 'clos':
      return `(d.supprime_motif = 'cloture' OR (d.supprime_motif IS NULL AND ${SQL_TERMINAL}))`;
    // Purged by the 30-day rule. The tabs part the dossiers: each is in exactly one of these three.
    case 'supprimes':
      return `d.supprime_motif IS NOT NULL AND d.supprime_motif <> 'cloture'`;
    case 'tous':
      return null;
  }
}

function parametresOnglets(
  etats: EtatsOnglets,
  maintenant: number,
  joursRisque: number,
): Record<string, string | number> {
  return {
    terminaux: JSON.stringify(etats.terminaux),
    attentePieces: JSON.stringify(etats.attentePieces),
    aRevoir: JSON.stringify(etats.aRevoir),
    expireOnglet: maintenant + joursRisque * JOUR_MS,
  };
}

export interface ClauseSql {
  where: string;
  params: Record<string, string | number>;
}

/** The WHERE clause of a filter; shared by the list, the count and "Tout sélectionner". */
export function clauseFiltre(
  f: FiltreDossiers,
  maintenant = Date.now(),
  pourCompter = false,
  joursRisque = 7,
  etats: EtatsOnglets = AUCUN_ETAT,
): ClauseSql {
  // Unary + keeps SQLite from choosing an index for a term that matches most rows (not archived,
  // not deleted): for a page of a sorted list, walking the sort index and filtering is far cheaper.
  // Counting has no order, so there the index is the right choice.
  const sans = pourCompter ? '' : '+';
  const c: string[] = [];
  const p: Record<string, string | number> = {};
  const onglet = f.onglet ? conditionOnglet(f.onglet, sans) : null;
  if (onglet) {
    c.push(onglet);
    Object.assign(p, parametresOnglets(etats, maintenant, joursRisque));
  }
  if (f.du) {
    c.push('d.depose_ms >= @du');
    p.du = debutJourLocal(f.du);
  }
  if (f.au) {
    c.push('d.depose_ms < @au');
    p.au = debutJourLocal(f.au) + JOUR_MS;
  }
  if (f.demarche) {
    c.push('d.demarche_code = @demarche');
    p.demarche = f.demarche;
  }
  if (f.etat !== undefined) {
    c.push('d.etat = @etat');
    p.etat = f.etat;
  }
  if (f.archive === true) c.push('d.archivee_ms IS NOT NULL');
  if (f.archive === false) c.push(`${sans}d.archivee_ms IS NULL`);
  if (f.expireDansJours !== undefined) {
    c.push('d.expire_ms <= @expire AND d.supprime_motif IS NULL');
    p.expire = maintenant + f.expireDansJours * JOUR_MS;
  }
  if (f.risque) {
    c.push(SQL_A_RISQUE);
    p.limiteRisque = limiteRisque(maintenant, joursRisque);
  }
  if (f.perdus) c.push(SQL_PERDU);
  // Same term as the partial index dossiers_non_lus, so that SQLite can use it.
  if (f.messagesNonLus) c.push('d.messages_non_lus > 0');
  if (f.rendezVousProches) {
    c.push(SQL_RENDEZ_VOUS_PROCHE);
    p.rdvDepuis = maintenant;
    p.rdvJusqua = maintenant + SEMAINE_RENDEZ_VOUS_MS;
  }
  if (f.archivesDefectueuses) c.push(SQL_DEFECTUEUSE);
  if (f.numeros) {
    c.push('d.numero IN (SELECT value FROM json_each(@numeros))');
    p.numeros = JSON.stringify(f.numeros);
  }
  const supprimes = f.supprimes ?? 'inclure';
  if (supprimes === 'exclure') c.push(`${sans}d.supprime_motif IS NULL`);
  if (supprimes === 'seulement') c.push('d.supprime_motif IS NOT NULL');
  const texte = f.recherche?.trim();
  if (texte) {
    const numero = texte.toUpperCase().replace(/\s+/g, '');
    if (/^A-5-[A-Z0-9]*$/.test(numero)) {
      // Numéro (or its beginning): a range on the unique index, faster than FTS.
      c.push('d.numero >= @numDebut AND d.numero < @numFin');
      p.numDebut = numero;
      p.numFin = numero + '\uffff';
    } else if (texte.includes('@')) {
      // An e-mail address (or its beginning): a range on the courriel index.
      c.push('d.courriel >= @courriel AND d.courriel < @courrielFin');
      p.courriel = texte.toLowerCase();
      p.courrielFin = texte.toLowerCase() + '\uffff';
    } else {
      const fts = requeteFts(texte);
      if (fts) {
        // The portal's texts (demandeur, messages, justificatifs) have their own index.
        c.push(
          '(d.id IN (SELECT rowid FROM dossiers_fts WHERE dossiers_fts MATCH @fts) OR d.id IN (SELECT rowid FROM portail_fts WHERE portail_fts MATCH @fts))',
        );
        p.fts = fts;
      }
    }
  }
  return { where: c.length ? `WHERE ${c.join(' AND ')}` : '', params: p };
}

const COLONNES: Record<TriDossiers['colonne'], string> = {
  numero: 'd.numero',
  demarche: 'd.demarche_intitule',
  etat: 'd.etat',
  deposeLe: 'd.depose_ms',
  expireLe: 'd.expire_ms',
  archive: 'd.archivee_ms',
};

export function ordre(tri: TriDossiers): string {
  const sens = tri.sens === 'desc' ? 'DESC' : 'ASC';
  const col = COLONNES[tri.colonne];
  if (tri.colonne === 'numero') return `ORDER BY d.numero ${sens}`;
  // For the state, ties are ordered by date like the (etat, depose_ms, numero) index.
  if (tri.colonne === 'etat') return `ORDER BY d.etat ${sens}, d.depose_ms ${sens}, d.numero ${sens}`;
  return `ORDER BY ${col} ${sens}, d.numero ${sens}`;
}

interface LigneListe extends LigneEtatArchive {
  numero: string;
  demarche_code: string;
  demarche_intitule: string;
  etat: number;
  depose_le: string;
  expire_le: string;
  courriel: string;
  en_attente: number;
  messages_non_lus: number;
}

export const SQL_EN_ATTENTE = `(SELECT count(*) FROM action_dossiers ad JOIN actions a ON a.seq = ad.action_seq
   WHERE ad.numero = d.numero AND ad.statut = 'attente' AND a.statut IN ('en-attente', 'en-cours'))`;

export function sqlListe(
  filtre: FiltreDossiers,
  tri: TriDossiers,
  maintenant = Date.now(),
  joursRisque = 7,
  etats: EtatsOnglets = AUCUN_ETAT,
): { sql: string; params: Record<string, string | number> } {
  const { where, params } = clauseFiltre(filtre, maintenant, false, joursRisque, etats);
  return {
    sql: `SELECT d.numero, d.demarche_code, d.demarche_intitule, d.etat, d.depose_le, d.expire_le, d.courriel,
        d.messages_non_lus, ${COLONNES_ETAT_ARCHIVE}, ${SQL_EN_ATTENTE} AS en_attente
      FROM dossiers d ${where} ${ordre(tri)} LIMIT @limite OFFSET @offset`,
    params,
  };
}

export function listerDossiers(
  db: Db,
  filtre: FiltreDossiers,
  tri: TriDossiers,
  offset: number,
  limite: number,
  maintenant = Date.now(),
  joursRisque = 7,
): { elements: DossierLigne[]; total: number } {
  return chronometrer('dossiers.lister', () => {
    const etats = filtre.onglet ? etatsOnglets(db) : AUCUN_ETAT;
    const { sql, params } = sqlListe(filtre, tri, maintenant, joursRisque, etats);
    const lignes = db.prepare(sql).all({ ...params, limite, offset }) as LigneListe[];
    const { where } = clauseFiltre(filtre, maintenant, true, joursRisque, etats);
    const total = (db.prepare(`SELECT count(*) AS n FROM dossiers d ${where}`).get(params) as { n: number })
      .n;
    return {
      total,
      elements: lignes.map((l) => ({
        numero: l.numero,
        demarche: connu(l, { code: l.demarche_code, intitule: l.demarche_intitule }),
        etat: connu(l, l.etat),
        deposeLe: connu(l, l.depose_le),
        expireLe: connu(l, l.expire_le),
        courriel: connu(l, l.courriel),
        archiveLocale: archiveLocaleDe(l),
        supprimeDuGuichet: l.supprime_motif,
        perte: perteDe(l),
        actionsEnAttente: l.en_attente,
        messagesNonLus: l.messages_non_lus,
      })),
    };
  });
}

/** "Tout sélectionner": the numéros a filter designates, resolved in SQL. */
export function numerosDuFiltre(
  db: Db,
  filtre: FiltreDossiers,
  maintenant = Date.now(),
  joursRisque = 7,
): string[] {
  const etats = filtre.onglet ? etatsOnglets(db) : AUCUN_ETAT;
  const { where, params } = clauseFiltre(filtre, maintenant, false, joursRisque, etats);
  return db
    .prepare(`SELECT d.numero FROM dossiers d ${where} ORDER BY d.numero`)
    .pluck()
    .all(params) as string[];
}

const ONGLETS: readonly Onglet[] = ongletSchema.options;

/** How many dossiers each tab holds under the other criteria: one pass over the filtered rows. */
export function compterOnglets(
  db: Db,
  filtre: FiltreDossiers,
  maintenant = Date.now(),
  joursRisque = 7,
): ComptesOnglets {
  return chronometrer('dossiers.compterOnglets', () => {
    const { onglet: _onglet, ...autres } = filtre;
    const { where, params } = clauseFiltre(autres, maintenant, true, joursRisque);
    const sommes = ONGLETS.map((o) => `coalesce(sum(${conditionOnglet(o, '') ?? '1'}), 0) AS "${o}"`).join(
      ', ',
    );
    return db
      .prepare(`SELECT ${sommes} FROM dossiers d ${where}`)
      .get({ ...params, ...parametresOnglets(etatsOnglets(db), maintenant, joursRisque) }) as ComptesOnglets;
  });
}
