import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { z } from 'zod';
import { donneesSchema, enteteSchema, type Donnees, type Entete } from '../../shared/archive.js';

/** entete.xml and donnees.xml are a few KiB; anything much larger is not what the guichet writes. */
export const TAILLE_MAX_XML = 2 * 1024 * 1024;

/**
 * No entity is resolved by the parser (no DOCTYPE expansion: billion laughs, external entities);
 * the five predefined XML entities and character references are decoded by us, in one pass.
 */
/** entete.xml and donnees.xml are 4 levels deep; the parser's own limit, said in our message. */
const PROFONDEUR_MAX = 100;

const analyseur = new XMLParser({
  maxNestedTags: PROFONDEUR_MAX,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  isArray: (nom) => nom === 'section' || nom === 'champ',
});

const PREDEFINIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decoderEntites(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/g, (tout, nom: string) => {
    if (nom.startsWith('#')) {
      const code = nom[1] === 'x' ? parseInt(nom.slice(2), 16) : parseInt(nom.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : tout;
    }
    return PREDEFINIES[nom] ?? tout;
  });
}

type Noeud = unknown;

function texte(n: Noeud): string {
  if (typeof n === 'string') return decoderEntites(n);
  if (typeof n === 'number' || typeof n === 'boolean') return String(n);
  if (n && typeof n === 'object' && '#text' in n) return texte((n as Record<string, unknown>)['#text']);
  return '';
}

function attribut(n: Noeud, nom: string): string {
  if (n && typeof n === 'object') {
    const v = (n as Record<string, unknown>)[`@_${nom}`];
    if (typeof v === 'string') return decoderEntites(v);
  }
  return '';
}

function enfant(n: Noeud, nom: string): Noeud {
  return n && typeof n === 'object' ? (n as Record<string, unknown>)[nom] : undefined;
}

function liste(n: Noeud): Noeud[] {
  return Array.isArray(n) ? n : n === undefined ? [] : [n];
}

export type ResultatXml<T> = { valeur: T; avertissement: null } | { valeur: null; avertissement: string };

function analyser(
  octets: Buffer,
  nomFichier: string,
): { arbre: Record<string, unknown> } | { avertissement: string } {
  if (octets.length > TAILLE_MAX_XML)
    return { avertissement: `${nomFichier} est anormalement volumineux : ignoré.` };
  const source = octets.toString('utf8').replace(/^\uFEFF/, '');
  // The guichet never writes a DTD: any DOCTYPE is refused outright (entity bombs, external entities).
  if (/<!DOCTYPE|<!ENTITY/i.test(source)) {
    return {
      avertissement: `${nomFichier} contient une déclaration DOCTYPE/ENTITY, refusée par sécurité : ignoré.`,
    };
  }
  const validite = XMLValidator.validate(source);
  if (validite !== true) {
    return { avertissement: `${nomFichier} est mal formé (ligne ${validite.err.line}) : ignoré.` };
  }
  try {
    return { arbre: analyseur.parse(source) as Record<string, unknown> };
  } catch (e) {
    // The parser speaks English (« Maximum nested tags exceeded »): the agent reads French.
    if (/nested tags/i.test((e as Error).message))
      return {
        avertissement: `${nomFichier} est imbriqué sur plus de ${PROFONDEUR_MAX} niveaux, ce que le guichet n'écrit jamais : ignoré. Téléchargez à nouveau les éléments du dossier ; si l'avertissement revient, signalez-le à l'administrateur du guichet.`,
      };
    return { avertissement: `${nomFichier} est illisible : ignoré.` };
  }
}

function valider<T>(schema: z.ZodType<T>, brut: unknown, nomFichier: string): ResultatXml<T> {
  const r = schema.safeParse(brut);
  if (r.success) return { valeur: r.data, avertissement: null };
  const champs = [...new Set(r.error.issues.map((i) => i.path.join('.') || 'racine'))].slice(0, 5).join(', ');
  return {
    valeur: null,
    avertissement: `${nomFichier} ne respecte pas le format attendu (${champs}) : ignoré.`,
  };
}

export function lireEnteteXml(octets: Buffer, nomFichier = 'entete.xml'): ResultatXml<Entete> {
  const a = analyser(octets, nomFichier);
  if ('avertissement' in a) return { valeur: null, avertissement: a.avertissement };
  const e = enfant(a.arbre, 'entete');
  if (e === undefined)
    return { valeur: null, avertissement: `${nomFichier} : élément <entete> absent : ignoré.` };
  const routage = enfant(e, 'routage');
  return valider(
    enteteSchema,
    {
      codeDemarche: texte(enfant(e, 'codeDemarche')),
      numero: texte(enfant(e, 'numero')),
      courriel: texte(enfant(e, 'courriel')),
      dateSoumission: texte(enfant(e, 'dateSoumission')),
      routage: { codeInsee: texte(enfant(routage, 'codeInsee')), service: texte(enfant(routage, 'service')) },
    },
    nomFichier,
  );
}

export function lireDonneesXml(octets: Buffer, nomFichier = 'donnees.xml'): ResultatXml<Donnees> {
  const a = analyser(octets, nomFichier);
  if ('avertissement' in a) return { valeur: null, avertissement: a.avertissement };
  const d = enfant(a.arbre, 'donnees');
  if (d === undefined)
    return { valeur: null, avertissement: `${nomFichier} : élément <donnees> absent : ignoré.` };
  return valider(
    donneesSchema,
    {
      demarche: attribut(d, 'demarche'),
      numero: attribut(d, 'numero'),
      sections: liste(enfant(d, 'section')).map((s) => ({
        titre: attribut(s, 'titre'),
        champs: liste(enfant(s, 'champ')).map((c) => ({
          nom: attribut(c, 'nom'),
          libelle: attribut(c, 'libelle'),
          valeur: texte(c),
        })),
      })),
    },
    nomFichier,
  );
}
