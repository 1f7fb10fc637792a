import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { RollupLog } from 'rollup';

/** zod ships comments Rollup cannot place: harmless, and noisy. */
function onwarn(avertissement: RollupLog, defaut: (a: RollupLog) => void) {
  if (avertissement.code === 'INVALID_ANNOTATION') return;
  defaut(avertissement);
}

/**
 * main: the Electron shell (src/main/electron) and the core, ESM, dependencies left external
 * (better-sqlite3 and keytar are native and rebuilt for Electron by electron-builder).
 * preload: sandboxed, so ONE self-contained CommonJS file (zod bundled in).
 * renderer: React, relative base so it loads from app://guichet/ and from the web host alike.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('src/main/electron/index.ts') },
        onwarn,
        external: ['better-sqlite3', 'keytar', 'electron'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        onwarn,
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') }, onwarn },
    },
  },
});
