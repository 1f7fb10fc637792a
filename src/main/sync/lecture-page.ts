import type { z } from 'zod';
import {
  dossierSchema,
  enveloppeListeIncrementaleSchema,
  suppressionSchema,
  type ListeIncrementale,
  type RouteResult,
} from '../../shared/api/index.js';
import { numeroSchema } from '../../shared/numero.js';
import { ErreurReponse } from '../guichet-client/index.js';

/** An element of a page that failed its schema: set aside, the rest of the page goes on. */
export interface ElementIllisible {
  numero: string | null;
  raison: string;
  brut: unknown;
}

export interface PageLue extends ListeIncrementale {
  illisibles: ElementIllisible[];
}

interface Recue {
  brut: unknown;
  valider: () => RouteResult<'listerTeledossiers'>;
}

/** Issues listed in a reason: enough to tell the guichet's administrator what to fix. */
const PROBLEMES_MAX = 3;

/**
 * The page validated as a whole first (one schema pass: the cost of the initial sync). Only when
 * that fails is it read again element by element, so that one malformed dossier no longer holds up
 * every other one of its page, and with them the archiving of the whole service.
 */
export function lirePage(recue: Recue, depuis: string): PageLue {
  let reponse: RouteResult<'listerTeledossiers'>;
  try {
    reponse = recue.valider();
  } catch (e) {
    if (!(e instanceof ErreurReponse)) throw e;
    // Not even a listing around the elements: nothing on it can be trusted, the page error stands.
    const page = lireElementParElement(recue.brut, depuis);
    if (!page) throw e;
    return page;
  }
  if (!('curseur' in reponse)) {
    throw new Error('Le guichet a répondu par une liste paginée au lieu de la liste incrémentale.');
  }
  return { ...reponse, illisibles: [] };
}

function lireElementParElement(brut: unknown, depuis: string): PageLue | null {
  const enveloppe = enveloppeListeIncrementaleSchema.safeParse(brut);
  if (!enveloppe.success) return null;
  const page: PageLue = {
    elements: [],
    supprimes: [],
    curseur: enveloppe.data.curseur,
    encore: enveloppe.data.encore,
    illisibles: [],
  };
  enveloppe.data.elements.forEach((el, i) => {
    const r = dossierSchema.safeParse(el);
    if (r.success) page.elements.push(r.data);
    else page.illisibles.push(illisible(el, r.error, `Dossier n° ${i + 1}`, depuis));
  });
  enveloppe.data.supprimes.forEach((el, i) => {
    const r = suppressionSchema.safeParse(el);
    if (r.success) page.supprimes.push(r.data);
    else page.illisibles.push(illisible(el, r.error, `Suppression n° ${i + 1}`, depuis));
  });
  return page;
}

function illisible(brut: unknown, erreur: z.ZodError, position: string, depuis: string): ElementIllisible {
  const champ = typeof brut === 'object' && brut !== null ? (brut as { numero?: unknown }).numero : undefined;
  const numero = numeroSchema.safeParse(champ);
  const problemes = decrireProblemes(erreur);
  if (numero.success) return { numero: numero.data, raison: `Reçu non conforme : ${problemes}`, brut };
  // No numéro to name it by: say where it was, so the administrator can find it on the guichet.
  const page = depuis === '' ? 'de la première page' : `de la page suivant le curseur « ${abreger(depuis)} »`;
  return {
    numero: null,
    raison: `${position} ${page}, numéro illisible, reçu non conforme : ${problemes}`,
    brut,
  };
}

export function decrireProblemes(erreur: z.ZodError): string {
  const textes = erreur.issues
    .slice(0, PROBLEMES_MAX)
    .map((i) => `${i.path.length ? i.path.join('.') : 'élément'} : ${i.message}`);
  const reste = erreur.issues.length - PROBLEMES_MAX;
  const texte = `${textes.join(' ; ')}${reste > 0 ? ` (et ${reste} autre${reste > 1 ? 's' : ''} problème${reste > 1 ? 's' : ''})` : ''}`;
  // Our own messages end with a full stop, zod's do not: one, whichever wrote the last one.
  return texte.endsWith('.') ? texte : `${texte}.`;
}

/** A cursor is opaque and may be long: only its beginning is worth showing. */
export function abreger(texte: string, max = 40): string {
  return texte.length > max ? `${texte.slice(0, max)}…` : texte;
}
