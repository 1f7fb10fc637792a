import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { telechargerArchives, type ElementArchive } from '../src/main/archive/index.js';
const seed = JSON.parse(await fs.readFile('/tmp/bench-essai/seed.json', 'utf8'));
const agent = seed.services[0].utilisateurs[1];
const api = 'http://127.0.0.1:47999/api/v1';
const { token } = await (await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifiant: agent.identifiant, motDePasse: agent.motDePasse }) })).json() as { token: string };
const els: ElementArchive[] = [];
let curseur = '';
for (;;) {
  const p = await (await fetch(`${api}/teledossiers?depuis=${curseur}&limite=1000`, { headers: { authorization: `Bearer ${token}` } })).json() as any;
  for (const d of p.elements) els.push({ numero: d.numero, demarche: d.demarche.intitule, deposeLe: d.deposeLe, sha256: d.archive.sha256, taille: d.archive.taille });
  curseur = p.curseur; if (!p.encore) break;
}
const N = Number(process.env.N ?? 2000);
const C = Number(process.env.C ?? 4);
const lot = els.slice(0, N);
const racine = await fs.mkdtemp(path.join(os.tmpdir(), 'harnais-'));
async function curl(d: string) {
  await fs.mkdir(d, { recursive: true });
  await fs.writeFile(d + '.rc', lot.map((e) => `url = "${api}/teledossiers/${e.numero}/archive"\noutput = "${d}/${e.numero}.zip"\n`).join(''));
  const t = performance.now();
  await new Promise((r) => spawn('curl', ['--parallel', '--parallel-max', String(C), '-s', '-H', `Authorization: Bearer ${token}`, '--config', d + '.rc']).on('close', r));
  return (performance.now() - t) / 1000;
}
async function nous(d: string) {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const r = await telechargerArchives({ source: { urlArchive: (n) => `${api}/teledossiers/${n}/archive`, entetes: async () => ({ authorization: `Bearer ${token}` }) }, elements: lot, dossierArchives: d, concurrence: C });
  if (r.echecs.length) console.log(r.echecs[0]);
  const cpu = process.cpuUsage(cpu0); console.log('cpu user ms', cpu.user / 1000, 'sys ms', cpu.system / 1000);
  return (performance.now() - t) / 1000;
}
await curl(path.join(racine, 'chauffe'));
for (let i = 0; i < Number(process.env.TOURS ?? 2); i++) {
  const c = await curl(path.join(racine, `c${i}`));
  const n = await nous(path.join(racine, `n${i}`));
  console.log(`curl ${c.toFixed(2)}s  nous ${n.toFixed(2)}s  ratio ${(c / n).toFixed(2)}`);
}
await fs.rm(racine, { recursive: true });
