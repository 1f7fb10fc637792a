import { z } from 'zod';
import { codeInseeSchema, courrielSchema, dateSchema } from './api/schemas.js';
import { numeroSchema } from './numero.js';

/**
 * What the two XML files of a dossier's archive carry, once parsed. The guichet writes them, the
 * app reads them back (from an untrusted zip) and validates them with these schemas.
 *
 * entete.xml:
 *   <entete><codeDemarche/><numero/><courriel/><dateSoumission/>
 *     <routage><codeInsee/><service/></routage></entete>
 * donnees.xml:
 *   <donnees demarche="…" numero="…">
 *     <section titre="…"><champ nom="…" libelle="…">valeur</champ>…</section>…</donnees>
 */
export const NOM_ENTETE = 'entete.xml';
export const NOM_DONNEES = 'donnees.xml';

export const enteteSchema = z.object({
  codeDemarche: z.string(),
  numero: numeroSchema,
  courriel: courrielSchema,
  dateSoumission: dateSchema,
  routage: z.object({ codeInsee: codeInseeSchema, service: z.string() }),
});

export const champSchema = z.object({
  nom: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/),
  libelle: z.string(),
  valeur: z.string(),
});

export const sectionSchema = z.object({ titre: z.string(), champs: z.array(champSchema) });

export const donneesSchema = z.object({
  demarche: z.string(),
  numero: numeroSchema,
  sections: z.array(sectionSchema),
});

export type Entete = z.infer<typeof enteteSchema>;
export type Champ = z.infer<typeof champSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type Donnees = z.infer<typeof donneesSchema>;
