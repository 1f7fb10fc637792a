import type { Demarche } from '../../shared/api/index.js';
import type { Workflow } from '../../shared/workflow/index.js';
import type { Referentiel } from '../../shared/app-api/index.js';
import type { Db } from './db.js';

export function enregistrerReferentiel(db: Db, workflows: Workflow[], demarches: Demarche[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM workflows').run();
    const w = db.prepare('INSERT INTO workflows (code, json) VALUES (?, ?)');
    for (const wf of workflows) w.run(wf.code, JSON.stringify(wf));
    db.prepare('DELETE FROM demarches').run();
    const d = db.prepare('INSERT INTO demarches (code, intitule, workflow, json) VALUES (?, ?, ?, ?)');
    for (const dm of demarches) d.run(dm.code, dm.intitule, dm.workflow, JSON.stringify(dm));
  })();
}

export function lireReferentiel(db: Db): Referentiel {
  const workflows = (db.prepare('SELECT json FROM workflows ORDER BY code').all() as { json: string }[]).map(
    (r) => JSON.parse(r.json) as Workflow,
  );
  const demarches = (
    db.prepare('SELECT json FROM demarches ORDER BY intitule').all() as { json: string }[]
  ).map((r) => JSON.parse(r.json) as Demarche);
  return { workflows, demarches };
}

/** The démarche and its workflow, as last fetched from the guichet; null when unknown locally. */
export function regleDemarche(db: Db, code: string): { demarche: Demarche; workflow: Workflow } | null {
  const r = db
    .prepare(
      'SELECT d.json AS d, w.json AS w FROM demarches d JOIN workflows w ON w.code = d.workflow WHERE d.code = ?',
    )
    .get(code) as { d: string; w: string } | undefined;
  return r ? { demarche: JSON.parse(r.d) as Demarche, workflow: JSON.parse(r.w) as Workflow } : null;
}
