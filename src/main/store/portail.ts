import type { MessageEchange, Portail } from '../../shared/api/index.js';
import type { Db } from './db.js';

/**
 * The portal side of a dossier (demandeur, échanges, justificatifs, rendez-vous) as the guichet last
 * confirmed it, and the agent's reading of the citizen's messages, which stays on this workstation.
 */

function requetes(db: Db) {
  return {
    lire: db.prepare(
      'SELECT p.json FROM dossiers_portail p JOIN dossiers d ON d.id = p.id WHERE d.numero = ?',
    ),
    lireParId: db.prepare('SELECT json FROM dossiers_portail WHERE id = ?'),
    ecrire: db.prepare(
      'INSERT INTO dossiers_portail (id, json) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    ),
    ftsSupprimer: db.prepare('DELETE FROM portail_fts WHERE rowid = ?'),
    ftsInserer: db.prepare(
      'INSERT INTO portail_fts (rowid, demandeur, messages, justificatifs) VALUES (?, ?, ?, ?)',
    ),
    lus: db.prepare('SELECT message FROM messages_lus WHERE numero = ?'),
    marquer: db.prepare(
      'INSERT INTO messages_lus (numero, message, lu_le) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    majNonLus: db.prepare('UPDATE dossiers SET messages_non_lus = ? WHERE id = ? AND messages_non_lus <> ?'),
    idDe: db.prepare('SELECT id FROM dossiers WHERE numero = ?'),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof requetes>>();
function r(db: Db) {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = requetes(db)));
  return q;
}

/**
 * A citizen message counts as read when the agent opened it here, or when the mairie wrote after it
 * (from this workstation or another one): whoever answered has read it.
 */
export function idsNonLus(portail: Portail, lus: ReadonlySet<string>): string[] {
  const nonLus: string[] = [];
  for (const m of portail.messages) {
    if (m.sens === 'mairie') nonLus.length = 0;
    else if (!lus.has(m.id)) nonLus.push(m.id);
  }
  return nonLus;
}

function lusDe(db: Db, numero: string): Set<string> {
  return new Set(r(db).lus.pluck().all(numero) as string[]);
}

function texteFts(p: Portail): [string, string, string] {
  const d = p.demandeur;
  const demandeur = [
    d.civilite,
    d.prenom,
    d.nom,
    d.concerne,
    d.adresse.ligne1,
    d.adresse.codePostal,
    d.adresse.commune,
    d.telephone,
    d.mobile,
  ]
    .filter((x) => x)
    .join(' ');
  const messages = p.messages.map((m: MessageEchange) => `${m.sujet} ${m.texte}`).join('\n');
  const justificatifs = p.justificatifs.map((j) => `${j.libelle} ${j.motif ?? ''}`).join('\n');
  return [demandeur, messages, justificatifs];
}

/**
 * Records the guichet's version of a portal demande (inside the caller's transaction): JSON, search
 * index, unread count. Returns the citizen messages this workstation had never seen (all of them for
 * a dossier seen for the first time: the caller decides what is news).
 */
export function ecrirePortail(db: Db, id: number, numero: string, portail: Portail): string[] {
  const q = r(db);
  const ancien = q.lireParId.get(id) as { json: string } | undefined;
  const connus = new Set(
    ancien ? (JSON.parse(ancien.json) as Portail).messages.map((m) => m.id) : ([] as string[]),
  );
  q.ecrire.run(id, JSON.stringify(portail));
  // Contentless: the previous text cannot be read back, only the row deleted and written again.
  if (ancien) q.ftsSupprimer.run(id);
  q.ftsInserer.run(id, ...texteFts(portail));
  const nonLus = idsNonLus(portail, lusDe(db, numero)).length;
  q.majNonLus.run(nonLus, id, nonLus);
  return portail.messages.filter((m) => m.sens === 'usager' && !connus.has(m.id)).map((m) => m.id);
}

export function lirePortail(db: Db, numero: string): Portail | null {
  const l = r(db).lire.get(numero) as { json: string } | undefined;
  return l ? (JSON.parse(l.json) as Portail) : null;
}

/** The citizen messages of the dossier still unread on this workstation. */
export function messagesNonLus(db: Db, numero: string): string[] {
  const p = lirePortail(db, numero);
  return p ? idsNonLus(p, lusDe(db, numero)) : [];
}

/**
 * The agent read the thread (or answered it): every citizen message known now is read here. Returns
 * what is left unread (0 unless `ids` names only some of them).
 */
export function marquerLus(db: Db, numero: string, ids?: readonly string[], le = new Date()): number {
  return db.transaction(() => {
    const q = r(db);
    const p = lirePortail(db, numero);
    const l = q.idDe.get(numero) as { id: number } | undefined;
    if (!p || !l) return 0;
    const aMarquer = ids ?? p.messages.filter((m) => m.sens === 'usager').map((m) => m.id);
    for (const id of aMarquer) q.marquer.run(numero, id, le.toISOString());
    const nonLus = idsNonLus(p, lusDe(db, numero)).length;
    q.majNonLus.run(nonLus, l.id, nonLus);
    return nonLus;
  })();
}

/** Planned rendez-vous starting between `depuis` and `jusqua` (ms), on dossiers the guichet still serves. */
/** « Rendez-vous proches »: the next 7 days, on the dashboard and in the list filter. */
export const SEMAINE_RENDEZ_VOUS_MS = 7 * 86_400_000;

/** Milliseconds since the epoch of an ISO date in a JSON value, whatever its offset. */
const SQL_DEBUT_MS = "(julianday(json_extract(r.value, '$.debut')) - 2440587.5) * 86400000";

/** A planned rendez-vous of dossier `d` starts between @rdvDepuis and @rdvJusqua (list filter and count). */
export const SQL_RENDEZ_VOUS_PROCHE = `d.supprime_motif IS NULL AND EXISTS (
  SELECT 1 FROM dossiers_portail p, json_each(p.json, '$.rendezVous') r
   WHERE p.id = d.id AND json_extract(r.value, '$.statut') = 'planifie'
     AND ${SQL_DEBUT_MS} BETWEEN @rdvDepuis AND @rdvJusqua)`;

export function compterRendezVous(db: Db, depuis: number, jusqua: number): number {
  return (
    db
      .prepare(
        `SELECT count(*) AS n FROM dossiers_portail p JOIN dossiers d ON d.id = p.id,
           json_each(p.json, '$.rendezVous') r
         WHERE d.supprime_motif IS NULL AND json_extract(r.value, '$.statut') = 'planifie'
           AND ${SQL_DEBUT_MS} BETWEEN @rdvDepuis AND @rdvJusqua`,
      )
      .get({ rdvDepuis: depuis, rdvJusqua: jusqua }) as { n: number }
  ).n;
}
