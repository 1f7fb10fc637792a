/** Builds the renderer (out/renderer) with the renderer section of electron.vite.config.ts. */
import { build, type InlineConfig } from 'vite';
import config from '../../../electron.vite.config.js';

export async function construireRenderer(): Promise<void> {
  const renderer = (config as { renderer: InlineConfig }).renderer;
  await build({ ...renderer, configFile: false, logLevel: 'error' });
}

if (process.argv[1]?.endsWith('construire.ts')) await construireRenderer();
