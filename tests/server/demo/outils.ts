import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Donnees, Entete } from '../../../src/shared/archive.js';

/** Decodes the five predefined entities and character references (processEntities is off). */
export function decoderEntites(texte: string): string {
  return texte.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, nom: string) => {
    switch (nom) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = nom.startsWith('#x') ? parseInt(nom.slice(2), 16) : parseInt(nom.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

const parseur = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (nom) => nom === 'section' || nom === 'champ',
});

type Noeud = Record<string, unknown>;

function texte(n: unknown): string {
  if (typeof n === 'string') return decoderEntites(n);
  if (n && typeof n === 'object' && '#text' in n) return decoderEntites(String((n as Noeud)['#text']));
  return '';
}

function attribut(n: Noeud, nom: string): string {
  const v = n[nom];
  if (typeof v !== 'string') throw new Error(`attribut ${nom} absent`);
  return decoderEntites(v);
}

/** Parses entete.xml the way a client would (before validating it with enteteSchema). */
export function lireEntete(xml: string): Entete {
  const valide = XMLValidator.validate(xml);
  if (valide !== true) throw new Error(`XML invalide : ${JSON.stringify(valide)}`);
  const racine = parseur.parse(xml) as { entete: Noeud };
  const e = racine.entete;
  const routage = e.routage as Noeud;
  return {
    codeDemarche: texte(e.codeDemarche),
    numero: texte(e.numero),
    courriel: texte(e.courriel),
    dateSoumission: texte(e.dateSoumission),
    routage: { codeInsee: texte(routage.codeInsee), service: texte(routage.service) },
  };
}

/** Parses donnees.xml into the Donnees shape. */
export function lireDonnees(xml: string): Donnees {
  const valide = XMLValidator.validate(xml);
  if (valide !== true) throw new Error(`XML invalide : ${JSON.stringify(valide)}`);
  const racine = parseur.parse(xml) as { donnees: Noeud };
  const d = racine.donnees;
  const sections = (d.section as Noeud[] | undefined) ?? [];
  return {
    demarche: attribut(d, 'demarche'),
    numero: attribut(d, 'numero'),
    sections: sections.map((s) => ({
      titre: attribut(s, 'titre'),
      champs: ((s.champ as Noeud[] | undefined) ?? []).map((c) => ({
        nom: attribut(c, 'nom'),
        libelle: attribut(c, 'libelle'),
        valeur: texte(c),
      })),
    })),
  };
}

/** Latin-1 view of bytes (one char per byte), to inspect an uncompressed PDF. */
export function enLatin1(octets: Uint8Array): string {
  return Buffer.from(octets.buffer, octets.byteOffset, octets.byteLength).toString('latin1');
}

/**
 * The strings shown by `Tj` in an uncompressed PDF, unescaped, as WinAnsi bytes (one char per byte).
 */
export function textesPdf(octets: Uint8Array): string[] {
  const brut = enLatin1(octets);
  const textes: string[] = [];
  const re = /\(((?:\\.|[^\\)])*)\) Tj/gs;
  for (const m of brut.matchAll(re)) {
    textes.push((m[1] ?? '').replace(/\\(.)/gs, '$1'));
  }
  return textes;
}

/** WinAnsi bytes (as a latin-1 string) → Unicode, for the characters the demo uses. */
export function depuisWinAnsi(texte: string): string {
  const speciaux: Record<number, string> = {
    0x80: '€',
    0x85: '…',
    0x8c: 'Œ',
    0x91: '‘',
    0x92: '’',
    0x93: '“',
    0x94: '”',
    0x96: '–',
    0x97: '—',
    0x9c: 'œ',
    0xa0: '\u00a0',
  };
  let s = '';
  for (let i = 0; i < texte.length; i++) {
    const c = texte.charCodeAt(i);
    s += speciaux[c] ?? String.fromCharCode(c);
  }
  return s;
}
