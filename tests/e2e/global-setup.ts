import { construireRenderer } from './support/construire.js';

/** Builds the renderer once for the whole run (the web host serves out/renderer). */
export default async function globalSetup(): Promise<void> {
  await construireRenderer();
}
