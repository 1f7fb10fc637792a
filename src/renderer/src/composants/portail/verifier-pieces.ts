import type { LimitesEchanges } from '../../../../shared/workflow/index.js';
import { formatsLisibles, taille } from '../../format.js';

/** Types recognised by their first bytes, as the guichet does: never by the name. */
const SIGNATURES: { type: string; octets: (number | null)[] }[] = [
  { type: 'application/pdf', octets: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { type: 'image/png', octets: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', octets: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', octets: [0x47, 0x49, 0x46, 0x38] },
  {
    type: 'image/webp',
    octets: [0x52, 0x49, 0x46, 0x46, null, null, null, null, 0x57, 0x45, 0x42, 0x50],
  },
];

export function typeDuContenu(octets: Uint8Array): string | null {
  const s = SIGNATURES.find((x) => x.octets.every((o, i) => o === null || octets[i] === o));
  return s?.type ?? null;
}

export interface PieceChoisie {
  nom: string;
  taille: number;
  octets: Uint8Array;
}

/** The limits of a message's attachments, as the agent reads them. */
export function texteLimites(l: LimitesEchanges): string {
  return `Jusqu’à ${l.piecesMax} pièce${l.piecesMax > 1 ? 's' : ''} jointe${l.piecesMax > 1 ? 's' : ''}, ${taille(l.tailleMax)} au plus chacune ; formats acceptés : ${formatsLisibles(l.formats)}.`;
}

/**
 * Checks files added to a message against the workflow's limits (count, size, format by content);
 * the first refusal as a French sentence, or the files read.
 */
export async function verifierPiecesMessage(
  deja: PieceChoisie[],
  fichiers: File[],
  l: LimitesEchanges,
): Promise<{ erreur: string } | { pieces: PieceChoisie[] }> {
  if (deja.length + fichiers.length > l.piecesMax)
    return {
      erreur: `Un message peut porter au plus ${l.piecesMax} pièce${l.piecesMax > 1 ? 's' : ''} jointe${l.piecesMax > 1 ? 's' : ''}.`,
    };
  const pieces: PieceChoisie[] = [];
  for (const f of fichiers) {
    if (f.size === 0) return { erreur: `Le fichier « ${f.name} » est vide.` };
    if (f.size > l.tailleMax)
      return {
        erreur: `Le fichier « ${f.name} » fait ${taille(f.size)} : la taille maximum est ${taille(l.tailleMax)}.`,
      };
    const octets = new Uint8Array(await f.arrayBuffer());
    const type = typeDuContenu(octets);
    if (!type || !l.formats.includes(type))
      return {
        erreur: `Le fichier « ${f.name} » n'est pas dans un format accepté (${formatsLisibles(l.formats)}).`,
      };
    pieces.push({ nom: f.name, taille: f.size, octets });
  }
  return { pieces };
}
