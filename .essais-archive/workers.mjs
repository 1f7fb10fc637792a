import { Worker } from 'node:worker_threads';
const c0 = process.cpuUsage(); const t0 = performance.now();
const ws = [];
for (let i = 0; i < 16; i++) ws.push(new Worker(`require('node:worker_threads').parentPort.on('message', m => require('node:worker_threads').parentPort.postMessage(m))`, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 } }));
await Promise.all(ws.map((w) => new Promise((r) => { w.once('message', r); w.postMessage(1); })));
const c = process.cpuUsage(c0);
console.log('16 workers ready', (performance.now() - t0).toFixed(0), 'ms wall', c.user / 1000, 'user ms', c.system / 1000, 'sys ms', 'rss MB', (process.memoryUsage().rss / 1048576).toFixed(0));
await Promise.all(ws.map((w) => w.terminate()));
