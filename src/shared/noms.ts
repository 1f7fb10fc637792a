/**
 * Names chosen by the guichet or the citizen (pièces, entries of an archive) as the app displays
 * and writes them. One function for the core (listing, extraction, « Enregistrer sous… ») and the
 * renderer, so that what the agent reads is exactly what lands on the disk.
 *
 * Why: `facture\u202Efdp.exe` displays as "facturexe.pdf"; zero-width and control characters make
 * two different names look identical or hide part of a name in a warning.
 */

/**
 * Every format character (Cf: bidi embeddings U+202A–U+202E, isolates U+2066–U+2069, marks
 * U+200E/F and U+061C, zero-width U+200B–U+200D, BOM U+FEFF, soft hyphen…), every C0/C1 control
 * (Cc), and the invisible ones of other categories (combining grapheme joiner, Hangul fillers,
 * variation selectors).
 */
// eslint-disable-next-line no-misleading-character-class -- the combining invisibles are listed on purpose
const INVISIBLES = /[\p{Cf}\p{Cc}\u034f\u115f\u1160\u3164\uffa0\u180b-\u180d\ufe00-\ufe0f]/gu;
/** Line and paragraph separators would break the one-line display of a name. */
const SEPARATEURS = /[\u2028\u2029]/g;

/** The name as the agent sees it: NFC, without any invisible, control or direction-changing character. */
export function nettoyerNom(nom: string): string {
  return nom.normalize('NFC').replace(INVISIBLES, '').replace(SEPARATEURS, ' ');
}

/** Whether `nettoyerNom` would change something the agent could not see. */
export function contientInvisibles(nom: string): boolean {
  return nettoyerNom(nom) !== nom.normalize('NFC');
}
