import type { Workflow } from '../../shared/workflow/index.js';
import { libelleEtat } from '../../shared/workflow/index.js';
import { limiteRisque, SQL_A_RISQUE, SQL_DEFECTUEUSE, SQL_PERDU } from './archivage.js';
import type { Db } from './db.js';
import { etatsOnglets } from './liste.js';
import { compterRendezVous, SEMAINE_RENDEZ_VOUS_MS } from './portail.js';

export interface ComptesTableau {
  total: number;
  parEtat: { etat: number; libelle: string; nombre: number }[];
  parDemarche: { code: string; intitule: string; nombre: number }[];
  nouveauxDepuisDerniereVisite: number;
  aRisque: number;
  joursRisque: number;
  perdus: number;
  perdusNonAcquittes: number;
  archivesDefectueuses: number;
  archives: number;
  messagesNonLus: number;
  dossiersMessagesNonLus: number;
  aRevoir: number;
  rendezVousProches: number;
}

export function compterTableau(
  db: Db,
  workflows: Workflow[],
  visitePrecedenteMs: number,
  maintenant: number,
  joursRisque: number,
): ComptesTableau {
  const total = (db.prepare('SELECT count(*) AS n FROM dossiers').get() as { n: number }).n;
  const etats = db
    .prepare('SELECT etat, count(*) AS n FROM dossiers WHERE inconnu = 0 GROUP BY etat ORDER BY etat')
    .all() as {
    etat: number;
    n: number;
  }[];
  const libelle = (code: number) => {
    for (const wf of workflows) {
      const l = libelleEtat(wf, code);
      if (!l.startsWith('État ')) return l;
    }
    return `État ${code}`;
  };
  const demarches = db
    .prepare(
      'SELECT demarche_code AS code, demarche_intitule AS intitule, count(*) AS n FROM dossiers WHERE inconnu = 0 GROUP BY demarche_code ORDER BY intitule',
    )
    .all() as { code: string; intitule: string; n: number }[];
  const n = (sql: string, ...p: (number | Record<string, number>)[]) =>
    (db.prepare(sql).get(...p) as { n: number }).n;
  return {
    total,
    parEtat: etats.map((e) => ({ etat: e.etat, libelle: libelle(e.etat), nombre: e.n })),
    parDemarche: demarches.map((d) => ({ code: d.code, intitule: d.intitule, nombre: d.n })),
    nouveauxDepuisDerniereVisite: n(
      'SELECT count(*) AS n FROM dossiers WHERE cree_ms > ?',
      visitePrecedenteMs,
    ),
    aRisque: n(`SELECT count(*) AS n FROM dossiers d WHERE ${SQL_A_RISQUE}`, {
      limiteRisque: limiteRisque(maintenant, joursRisque),
    }),
    joursRisque,
    perdus: n(`SELECT count(*) AS n FROM dossiers d WHERE ${SQL_PERDU}`),
    perdusNonAcquittes: n(
      `SELECT count(*) AS n FROM dossiers d WHERE ${SQL_PERDU} AND d.perte_acquittee_le IS NULL`,
    ),
    archivesDefectueuses: n(`SELECT count(*) AS n FROM dossiers d WHERE ${SQL_DEFECTUEUSE}`),
    archives: n('SELECT count(*) AS n FROM dossiers WHERE archivee_ms IS NOT NULL'),
    ...compterPortail(db, maintenant),
  };
}

/** The portal's share of the dashboard, across every workflow that flags its states. */
function compterPortail(db: Db, maintenant: number) {
  const nonLus = db
    .prepare(
      'SELECT coalesce(sum(messages_non_lus), 0) AS messages, count(*) AS dossiers FROM dossiers WHERE messages_non_lus > 0',
    )
    .get() as { messages: number; dossiers: number };
  const aRevoir = (
    db
      .prepare(
        'SELECT count(*) AS n FROM dossiers WHERE supprime_motif IS NULL AND inconnu = 0 AND etat IN (SELECT value FROM json_each(?))',
      )
      .get(JSON.stringify(etatsOnglets(db).aRevoir)) as { n: number }
  ).n;
  return {
    messagesNonLus: nonLus.messages,
    dossiersMessagesNonLus: nonLus.dossiers,
    aRevoir,
    rendezVousProches: compterRendezVous(db, maintenant, maintenant + SEMAINE_RENDEZ_VOUS_MS),
  };
}
