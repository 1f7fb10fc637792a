import type { FichierExporte } from '../../../shared/app-api/index.js';

/** Bytes of a base64 string as a Blob of the given type. */
export function blobDepuisBase64(base64: string, type: string): Blob {
  const binaire = atob(base64);
  const octets = new Uint8Array(binaire.length);
  for (let i = 0; i < binaire.length; i++) octets[i] = binaire.charCodeAt(i);
  return new Blob([octets], { type });
}

/** Hands a file produced by the core to the browser as a download (blob + <a download>). */
export function enregistrerFichier(f: Pick<FichierExporte, 'nom' | 'type' | 'contenuBase64'>): void {
  const url = URL.createObjectURL(blobDepuisBase64(f.contenuBase64, f.type || 'application/octet-stream'));
  const a = document.createElement('a');
  a.href = url;
  a.download = f.nom;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Bytes as base64, in slices (a spread of millions of bytes overflows the call stack). */
export function versBase64(octets: Uint8Array): string {
  let s = '';
  const pas = 0x8000;
  for (let i = 0; i < octets.length; i += pas) s += String.fromCharCode(...octets.subarray(i, i + pas));
  return btoa(s);
}
