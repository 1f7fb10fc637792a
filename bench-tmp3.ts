import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { ouvrirBase } from './src/main/store/index.js';
import { dossierSynthetique } from './tests/core/aide/donnees.js';
const d = fs.mkdtempSync(path.join(os.tmpdir(), 'b-'));
const db = ouvrirBase(path.join(d, 's.sqlite'));
const ins = db.prepare(`INSERT INTO dossiers (numero, demarche_code, demarche_intitule, courriel, depose_le, depose_ms,
        expire_le, expire_ms, etat, dernier_commentaire, revision, archive_taille, archive_sha256, detail_complet, cree_ms)
      VALUES (@numero, @demarche_code, @demarche_intitule, @courriel, @depose_le, @depose_ms, @expire_le, @expire_ms,
        @etat, @dernier_commentaire, @revision, @archive_taille, @archive_sha256, @detail_complet, @cree_ms)`);
const insj = db.prepare(`INSERT INTO dossiers_json (id, serveur_json, historique_json, pieces_json) VALUES (?, ?, '[]', '[]')`);
const fts = db.prepare('INSERT INTO dossiers_fts (rowid, numero, demarche, courriel, donnees) VALUES (?, ?, ?, ?, ?)');
const lire = db.prepare(`SELECT d.id, d.revision, j.serveur_json, d.supprime_motif FROM dossiers d JOIN dossiers_json j ON j.id = d.id WHERE d.numero = ?`);
const T: Record<string, number> = { lire: 0, ins: 0, insj: 0, fts: 0, json: 0 };
for (let k = 0; k < 20; k++) {
  db.transaction(() => {
    for (let i = 0; i < 1000; i++) {
      const x = dossierSynthetique(k * 1000 + i);
      let t = performance.now();
      lire.get(x.numero); T.lire! += performance.now() - t; t = performance.now();
      const s = JSON.stringify(x); T.json! += performance.now() - t; t = performance.now();
      const id = Number(ins.run({ numero: x.numero, demarche_code: x.demarche.code, demarche_intitule: x.demarche.intitule, courriel: x.courriel, depose_le: x.deposeLe, depose_ms: Date.parse(x.deposeLe), expire_le: x.expireLe, expire_ms: Date.parse(x.expireLe), etat: x.etat, dernier_commentaire: null, revision: 1, archive_taille: 1, archive_sha256: x.archive.sha256, detail_complet: 0, cree_ms: Date.now() }).lastInsertRowid);
      T.ins! += performance.now() - t; t = performance.now();
      insj.run(id, s); T.insj! += performance.now() - t; t = performance.now();
      fts.run(id, x.numero, x.demarche.intitule, x.courriel, ''); T.fts! += performance.now() - t;
    }
  })();
}
for (const k in T) console.log(k, (T[k]! / 20).toFixed(1), 'ms/page');
