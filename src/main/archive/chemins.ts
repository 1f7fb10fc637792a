import { isNumero } from '../../shared/numero.js';
import type { ElementArchive } from './types.js';

/** Windows refuses these base names whatever the extension (CON.txt is still the console). */
const NOMS_RESERVES_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Path separators, Windows-forbidden characters and every control character. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what we strip
const CARACTERES_INTERDITS = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;
const LONGUEUR_MAX_SEGMENT = 120;

export function estNumeroValide(numero: string): boolean {
  return isNumero(numero);
}

/**
 * Turns an untrusted label (démarche intitulé, file name chosen by the guichet) into one safe path
 * segment on Windows and Linux: no separators, no `..`, no control characters, no reserved names,
 * no trailing dot or space (Windows silently drops them, which would merge two folders).
 */
export function nettoyerNomDossier(brut: string, parDefaut = 'demarche'): string {
  let nom = brut.normalize('NFC').replace(CARACTERES_INTERDITS, '_').replace(/\s+/g, ' ').trim();
  // A run of dots is either `..` or meaningless; keep single dots inside names (extensions).
  nom = nom.replace(/\.{2,}/g, '_').replace(/^[. ]+|[. ]+$/g, '');
  if (nom.length > LONGUEUR_MAX_SEGMENT) nom = nom.slice(0, LONGUEUR_MAX_SEGMENT).replace(/[. ]+$/g, '');
  if (nom === '') return parDefaut;
  if (NOMS_RESERVES_WINDOWS.test(nom)) nom = `_${nom}`;
  return nom;
}

/** `AAAA-MM` of the submission date, as written (the guichet's offset), never shifted by time zone. */
function moisDepot(deposeLe: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(deposeLe);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
  const d = new Date(deposeLe);
  if (Number.isNaN(d.getTime())) throw new Error(`Date de dépôt invalide : « ${deposeLe} ».`);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A batch has thousands of archives for a handful of démarches: clean each intitulé once. */
const nomsNettoyes = new Map<string, string>();
const NOMS_NETTOYES_MAX = 1000;

function dossierDemarche(demarche: string): string {
  let nom = nomsNettoyes.get(demarche);
  if (nom === undefined) {
    nom = nettoyerNomDossier(demarche);
    if (nomsNettoyes.size >= NOMS_NETTOYES_MAX) nomsNettoyes.clear();
    nomsNettoyes.set(demarche, nom);
  }
  return nom;
}

/** Relative path of an archive: `<code démarche>/<AAAA-MM>/<numéro>.zip` (forward slashes). */
export function cheminArchive(e: ElementArchive): string {
  if (!isNumero(e.numero)) {
    throw new Error(`Numéro de télédossier invalide : « ${String(e.numero).slice(0, 40)} ».`);
  }
  return `${dossierDemarche(e.demarche)}/${moisDepot(e.deposeLe)}/${e.numero}.zip`;
}
