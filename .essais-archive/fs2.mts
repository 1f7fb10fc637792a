import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
const d = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-'));
const b = Buffer.alloc(12000, 1);
let t = performance.now();
for (let n = 0; n < 2000; n++) { const fd = fs.openSync(path.join(d, `a${n}`), 'w'); fs.writeSync(fd, b); fs.closeSync(fd); }
console.log('sync open/write/close', (performance.now() - t).toFixed(0));
t = performance.now();
for (let n = 0; n < 2000; n++) { const fd = fs.openSync(path.join(d, `b${n}`), 'w'); fs.writeSync(fd, b); fs.fsyncSync(fd); fs.closeSync(fd); }
console.log('sync +fsync', (performance.now() - t).toFixed(0));
t = performance.now();
for (let n = 0; n < 2000; n++) { fs.renameSync(path.join(d, `b${n}`), path.join(d, `c${n}`)); }
console.log('rename', (performance.now() - t).toFixed(0));
t = performance.now();
await Promise.all(Array.from({ length: 2000 }, (_, n) => fsp.writeFile(path.join(d, `e${n}`), b)));
console.log('promises writeFile all parallel', (performance.now() - t).toFixed(0));
t = performance.now();
for (let n = 0; n < 2000; n++) { fs.statSync(path.join(d, `zz${n}`), { throwIfNoEntry: false }); }
console.log('stat missing', (performance.now() - t).toFixed(0));
fs.rmSync(d, { recursive: true });
