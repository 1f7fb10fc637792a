import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { erreurSchema } from '../../shared/api/schemas.js';
import { API_BASE, routes, type RouteDef, type RouteName } from '../../shared/api/routes.js';
import { authentifier } from '../auth/session.js';
import type { Guichet } from '../guichet.js';
import { ReponseBinaire, ReponseJson, type Contexte, type Handlers } from './contexte.js';
import { ErreurApi, erreurs } from './erreurs.js';
import { valider } from './validation.js';

/** Sends a JSON body after checking it against `schema`: a bug never leaks a malformed answer. */
export function envoyerJson(
  g: Guichet,
  reponse: FastifyReply,
  statut: number,
  schema: z.ZodType,
  corps: unknown,
  route: string,
): FastifyReply {
  const verifie = schema.safeParse(corps);
  if (!verifie.success) {
    g.journal.erreur(
      `Réponse ${statut} de ${route} non conforme au contrat : ${z.prettifyError(verifie.error)}`,
    );
    return reponse.code(500).header('cache-control', 'no-store').send({
      erreur: 'reponse_invalide',
      message: 'Le serveur a produit une réponse invalide ; réessayez plus tard.',
    });
  }
  return reponse.code(statut).header('cache-control', 'no-store').send(verifie.data);
}

function estJson(type: string | undefined): boolean {
  return /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type ?? '');
}

function schemaPour(def: RouteDef, statut: number): z.ZodType {
  if (statut === def.success.status && def.success.schema) return def.success.schema;
  return def.errors[statut] ?? erreurSchema;
}

/**
 * Registers every route of the shared table, generically: authentication and habilitation from
 * `acces`, input validation from the route's schemas, output validation from `success`/`errors`.
 */
export function enregistrerRoutes(app: FastifyInstance, g: Guichet, handlers: Handlers): void {
  for (const nom of Object.keys(routes) as RouteName[]) {
    const def: RouteDef = routes[nom];
    const handler = handlers[nom] as (ctx: Contexte<RouteName>) => Promise<unknown>;
    app.route({
      method: def.method,
      url: API_BASE + def.path,
      handler: async (requete: FastifyRequest, reponse: FastifyReply) => {
        const session = def.acces === 'public' ? null : authentifier(g, requete);
        if (def.acces === 'gestion' && session?.utilisateur.habilitation !== 'GESTION')
          throw erreurs.accesRefuse();
        if (
          def.body &&
          !def.multipart &&
          requete.body !== undefined &&
          !estJson(requete.headers['content-type'])
        ) {
          throw new ErreurApi(
            415,
            'type_non_supporte',
            'Le corps de la requête doit être du JSON (Content-Type: application/json).',
          );
        }
        const ctx = {
          params: def.params ? valider(def.params, requete.params, 'params') : undefined,
          query: def.query ? valider(def.query, requete.query, 'query') : undefined,
          body: def.body && !def.multipart ? valider(def.body, requete.body ?? {}, 'body') : undefined,
          session,
          requete,
          reponse,
        } as Contexte<RouteName>;
        const sortie = await handler(ctx);
        if (sortie instanceof ReponseBinaire) {
          return reponse.code(sortie.statut).headers(sortie.entetes).send(sortie.corps);
        }
        if (sortie instanceof ReponseJson) {
          return envoyerJson(g, reponse, sortie.statut, schemaPour(def, sortie.statut), sortie.corps, nom);
        }
        return envoyerJson(g, reponse, def.success.status, schemaPour(def, def.success.status), sortie, nom);
      },
    });
  }
}
