import { ReponseBinaire } from '../http/contexte.js';

/**
 * A file a citizen sent, as bytes to save, never to render: the detected type, a download
 * disposition with a cleaned name, no sniffing, no script even if opened in a browser.
 */
export function fichierEnTelechargement(octets: Buffer, type: string, nom: string): ReponseBinaire {
  const ascii = nom.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new ReponseBinaire(200, octets, {
    'Content-Type': type,
    'Content-Length': String(octets.length),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(nom)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-cache',
  });
}
