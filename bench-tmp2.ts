import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { appliquerDossierServeur, ouvrirBase } from './src/main/store/index.js';
import { listeIncrementaleSchema } from './src/shared/api/index.js';
import { dossierSynthetique } from './tests/core/aide/donnees.js';
const d = fs.mkdtempSync(path.join(os.tmpdir(), 'b-'));
const db = ouvrirBase(path.join(d, 's.sqlite'));
const page = { elements: Array.from({ length: 1000 }, (_, i) => dossierSynthetique(i)), supprimes: [], curseur: 'x', encore: true };
const txt = JSON.stringify(page);
let t = performance.now();
for (let k = 0; k < 10; k++) JSON.parse(txt);
console.log('parse/page', (performance.now() - t) / 10);
t = performance.now();
for (let k = 0; k < 10; k++) listeIncrementaleSchema.parse(JSON.parse(txt));
console.log('parse+zod/page', (performance.now() - t) / 10);
t = performance.now();
for (let k = 0; k < 20; k++) {
  db.transaction(() => { for (let i = 0; i < 1000; i++) appliquerDossierServeur(db, dossierSynthetique(k * 1000 + i), false); })();
}
console.log('apply/page', (performance.now() - t) / 20);
db.exec('DROP TABLE dossiers_fts');
db.exec("CREATE VIRTUAL TABLE dossiers_fts USING fts5(numero, demarche, courriel, donnees, tokenize = 'unicode61 remove_diacritics 2')");
