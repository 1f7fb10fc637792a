import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
const seed = JSON.parse(fs.readFileSync('/tmp/bench-essai/seed.json', 'utf8'));
const agent = seed.services[0].utilisateurs[1];
const api = 'http://127.0.0.1:47999/api/v1';
const { token } = await (await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifiant: agent.identifiant, motDePasse: agent.motDePasse }) })).json() as { token: string };
const nums: string[] = [];
let c = '';
for (;;) { const p = await (await fetch(`${api}/teledossiers?depuis=${c}&limite=1000`, { headers: { authorization: `Bearer ${token}` } })).json() as any; nums.push(...p.elements.map((e: any) => e.numero)); c = p.curseur; if (!p.encore) break; }
fs.mkdirSync('/tmp/curlcpu', { recursive: true });
fs.writeFileSync('/tmp/curlcpu/rc', nums.slice(0, 2000).map((n) => `url = "${api}/teledossiers/${n}/archive"\noutput = "/tmp/curlcpu/o/${n}.zip"\n`).join(''));
fs.writeFileSync('/tmp/curlcpu/token', token);
