import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { donneesSchema, type Donnees } from '../../shared/archive.js';

/**
 * What the citizen typed is stored deflated with a preset dictionary: it is the largest
 * per-dossier column and its labels and phrasing repeat from one dossier to the next. The
 * dictionary (sample dossiers, ≤ 32 KiB, the deflate window) lives in the database and is
 * referenced by id, so stored rows never depend on code that may change. ~2 KB of JSON → ~220 B.
 *
 * Layout: [format=2][dictionary id, uint32 BE][deflate-raw].
 */
const FORMAT_DICTIONNAIRE = 2;

export interface Dictionnaire {
  id: number;
  contenu: Buffer;
}

export function encoderDonnees(d: Donnees, dict: Dictionnaire): Buffer {
  const entete = Buffer.alloc(5);
  entete[0] = FORMAT_DICTIONNAIRE;
  entete.writeUInt32BE(dict.id, 1);
  const brut = deflateRawSync(Buffer.from(JSON.stringify(d), 'utf8'), { level: 6, dictionary: dict.contenu });
  return Buffer.concat([entete, brut]);
}

export function decoderDonnees(stocke: Buffer, dictionnaire: (id: number) => Buffer): Donnees {
  if (stocke[0] !== FORMAT_DICTIONNAIRE || stocke.length < 5) throw new Error('Format de données inconnu.');
  const json = inflateRawSync(stocke.subarray(5), {
    dictionary: dictionnaire(stocke.readUInt32BE(1)),
  }).toString('utf8');
  return donneesSchema.parse(JSON.parse(json));
}
