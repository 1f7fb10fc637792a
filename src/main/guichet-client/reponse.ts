import type { AxiosResponse } from 'axios';
import type { z } from 'zod';
import { erreurSchema, routes, type RouteName } from '../../shared/api/index.js';
import { lireRetryAfter } from '../commun/reprise.js';
import { ErreurGuichet, ErreurReponse, ErreurReseau } from './erreurs.js';

/** The body as read from the wire: JSON or not (an HTML error page, a captive portal, garbage). */
export type Corps = { json: true; valeur: unknown } | { json: false };

export function lireCorps(texte: unknown): Corps {
  if (typeof texte !== 'string' || texte === '') return { json: true, valeur: undefined };
  try {
    return { json: true, valeur: JSON.parse(texte) as unknown };
  } catch {
    return { json: false };
  }
}

/** « Détail d'un télédossier » du dossier X: what the agent needs to recognise which call failed. */
export function decrireRoute(nom: RouteName, params?: Record<string, string>): string {
  const resume = `« ${routes[nom].summary} »`;
  const numero = params?.numero;
  return numero ? `${resume} du dossier ${numero}` : resume;
}

/**
 * Status first, body second: a 5xx HTML page is the guichet failing (temporary), not a broken
 * contract; only a success whose body is not what the route promises is an ErreurReponse.
 */
export function validerSucces(
  nom: RouteName,
  rep: AxiosResponse<string>,
  corps: Corps,
  params: Record<string, string> | undefined,
  retryAfterMaxMs: number,
): unknown {
  const route = routes[nom] as (typeof routes)[RouteName];
  const quoi = decrireRoute(nom, params);
  if (rep.status !== route.success.status) {
    const valeur = corps.json ? corps.valeur : undefined;
    const err = corps.json ? erreurSchema.safeParse(valeur) : null;
    if (!err?.success) {
      if (rep.status >= 500)
        throw new ErreurReseau(`Le guichet a rencontré une erreur (HTTP ${rep.status}).`);
      throw new ErreurReponse(
        `Réponse inattendue du guichet (HTTP ${rep.status}) pour ${quoi}. Signalez-le à l'administrateur du guichet.`,
      );
    }
    const retryAfter = lireRetryAfter(rep.headers['retry-after'] as string | undefined, retryAfterMaxMs);
    throw new ErreurGuichet(rep.status, err.data.erreur, err.data.message, valeur, retryAfter);
  }
  if (!corps.json) {
    throw new ErreurReponse(
      `Réponse du guichet illisible pour ${quoi} : ce n'est pas du JSON. Signalez-le à l'administrateur du guichet.`,
    );
  }
  const schema = 'schema' in route.success ? route.success.schema : undefined;
  if (!schema) return corps.valeur;
  const ok = schema.safeParse(corps.valeur);
  if (!ok.success) throw new ErreurReponse(messageNonConforme(quoi, ok.error.issues));
  return ok.data;
}

function messageNonConforme(quoi: string, issues: readonly z.core.$ZodIssue[]): string {
  const premier = issues[0];
  const detail = premier
    ? ` : ${premier.path.length ? `champ « ${cheminChamp(premier.path)} »` : 'la réponse entière'} — ${premier.message}`
    : '';
  const autres =
    issues.length > 1
      ? ` (et ${issues.length - 1} autre${issues.length > 2 ? 's' : ''} erreur${issues.length > 2 ? 's' : ''})`
      : '';
  return `Réponse du guichet non conforme pour ${quoi}${detail}${autres}. Signalez-le à l'administrateur du guichet.`;
}

/** elements[3].demarche.code: the notation an administrator reading the JSON recognises. */
export function cheminChamp(chemin: readonly PropertyKey[]): string {
  return chemin
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`))
    .join('');
}
