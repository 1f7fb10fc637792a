import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { appliquerDossierServeur, listerDossiers, ouvrirBase, sqlListe } from './src/main/store/index.js';
import { dossierSynthetique } from './tests/core/aide/donnees.js';
const d = fs.mkdtempSync(path.join(os.tmpdir(), 'b-'));
const db = ouvrirBase(path.join(d, 's.sqlite'));
const N = Number(process.argv[2] ?? 100000);
let t = performance.now();
db.transaction(() => { for (let i = 0; i < N; i++) appliquerDossierServeur(db, dossierSynthetique(i), false); })();
console.log('insert', performance.now() - t);
db.pragma('optimize');
const cas: any[] = [{}, { etat: 15 }, { recherche: 'martin' }, { demarche: 'acte-etat-civil' }, { archive: false }, {expireDansJours: 7}, {recherche: 'A-5-00001'}];
for (const f of cas) for (const tri of [{ colonne: 'deposeLe', sens: 'desc' }, { colonne: 'archive', sens: 'asc' }, { colonne: 'demarche', sens: 'asc' }]) {
  const ds: number[] = [];
  for (let k = 0; k < 10; k++) { t = performance.now(); listerDossiers(db, { supprimes: 'inclure', ...f }, tri as any, k * 50, 50); ds.push(performance.now() - t); }
  ds.sort((a, b) => a - b);
  const { sql, params } = sqlListe({ supprimes: 'inclure', ...f }, tri as any);
  const p = (db.prepare('EXPLAIN QUERY PLAN ' + sql).all({ ...params, limite: 50, offset: 0 }) as any[]).map((x) => x.detail).join(' | ');
  console.log(JSON.stringify(f), tri.colonne, ds[5]!.toFixed(1), ds[9]!.toFixed(1), p.slice(0, 200));
}
