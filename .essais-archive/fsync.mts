import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
const d = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-'));
const b = Buffer.alloc(12000, 1);
for (const avecSync of [false, true]) {
  const t = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (i < 2000) {
      const n = i++;
      const p = path.join(d, `${avecSync}-${n}.part`);
      const h = await fs.open(p, 'w');
      await h.write(b, 0, b.length);
      if (avecSync) await h.sync();
      await h.close();
      await fs.rename(p, p.replace('.part', '.zip'));
    }
  }));
  console.log('sync', avecSync, (performance.now() - t).toFixed(0), 'ms');
}
const t = performance.now();
for (let k = 0; k < 200; k++) { const h = await fs.open(d, 'r'); await h.sync(); await h.close(); }
console.log('dir fsync x200', (performance.now() - t).toFixed(0));
await fs.rm(d, { recursive: true });
