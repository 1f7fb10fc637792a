import http from 'node:http';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
const token = fs.readFileSync('/tmp/curlcpu/token', 'utf8');
const urls = fs.readFileSync('/tmp/curlcpu/rc', 'utf8').split('\n').filter((l) => l.startsWith('url')).map((l) => l.slice(7, -1));
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
async function v1(u: string) {
  const res: http.IncomingMessage = await new Promise((r, j) => { const q = http.request(u, { agent, headers: { authorization: `Bearer ${token}` } }); q.on('response', r); q.on('error', j); q.end(); });
  const h = createHash('sha256'); for await (const b of res) h.update(b as Buffer); h.digest('hex');
}
async function v2(u: string) {
  await new Promise<void>((r, j) => { const q = http.request(u, { agent, headers: { authorization: `Bearer ${token}` } }); q.on('response', (res) => { const h = createHash('sha256'); res.on('data', (b) => h.update(b)); res.on('end', () => { h.digest('hex'); r(); }); res.on('error', j); }); q.on('error', j); q.end(); });
}
async function v3(u: string) {
  const r = await fetch(u, { headers: { authorization: `Bearer ${token}` } }); const h = createHash('sha256'); h.update(Buffer.from(await r.arrayBuffer())); h.digest('hex');
}
for (const [nom, f] of [['forawait', v1], ['events', v2], ['fetch', v3], ['forawait', v1], ['events', v2], ['fetch', v3]] as const) {
  const c0 = process.cpuUsage(); const t = performance.now(); let i = 0;
  await Promise.all(Array.from({ length: 4 }, async () => { while (i < urls.length) await f(urls[i++]!); }));
  const c = process.cpuUsage(c0);
  console.log(nom.padEnd(9), 'wall', (performance.now() - t).toFixed(0), 'user', (c.user / 1000).toFixed(0), 'sys', (c.system / 1000).toFixed(0));
}
agent.destroy();
