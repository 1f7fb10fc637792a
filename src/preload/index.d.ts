import type { AppApi } from '../shared/app-api/index.js';

declare global {
  interface Window {
    /** Exposed by src/preload/index.ts through contextBridge: exactly `call` and `on`. */
    guichet: AppApi;
  }
}

export {};
