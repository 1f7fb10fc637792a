import type { AppApi } from '../../shared/app-api/index.js';

declare global {
  interface Window {
    /** Present in Electron (exposed by the preload); absent in a browser, where the web host is used. */
    guichet?: AppApi;
  }
}

export {};
