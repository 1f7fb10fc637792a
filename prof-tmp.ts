import { deflateRawSync } from 'node:zlib';
import { creerAleatoire, servicesDemo, genererDossier } from './src/server/demo/index.js';
const s = servicesDemo('x');
const rngD = creerAleatoire('dict');
const echantillons: string[] = [];
for (let i = 0; i < 200; i++) echantillons.push(JSON.stringify(genererDossier(rngD, s[i % 4]!, new Date()).donnees));
const dict = Buffer.from(echantillons.join('')).subarray(-32768);
let a = 0, c = 0, n = 0;
const t0 = performance.now();
for (let i = 0; i < 2000; i++) {
  const d = genererDossier(creerAleatoire('t' + i), s[i % 4]!, new Date());
  const j = Buffer.from(JSON.stringify(d.donnees));
  a += deflateRawSync(j, { level: 6 }).length;
  c += deflateRawSync(j, { level: 9, dictionary: dict }).length;
  n += j.length;
}
console.log('json', n / 2000, 'sans dict', a / 2000, 'dict', c / 2000, (performance.now() - t0) / 2000);
