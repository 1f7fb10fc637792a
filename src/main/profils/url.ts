import { ErreurApp } from '../../shared/app-api/index.js';

/** Loopback only: the password and the token would otherwise cross the network in clear. */
function estBoucleLocale(hote: string): boolean {
  const h = hote.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Refuses an `http://` guichet address except on this machine, with a French message. */
export function verifierUrlGuichet(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ErreurApp('validation', `Adresse du guichet invalide : « ${url.slice(0, 200)} ».`);
  }
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && estBoucleLocale(u.hostname)) return;
  throw new ErreurApp(
    'url_non_securisee',
    `L'adresse du guichet « ${url.slice(0, 200)} » n'est pas chiffrée (http://) : le mot de passe y circulerait en clair. Utilisez une adresse en https://.`,
  );
}
