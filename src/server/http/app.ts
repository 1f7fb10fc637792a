import multipart from '@fastify/multipart';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { genererOpenApi } from '../../shared/api/openapi.js';
import { API_BASE } from '../../shared/api/routes.js';
import type { Guichet } from '../guichet.js';
import type { Handlers } from './contexte.js';
import { enregistrerRoutes } from './enregistrement.js';
import { ErreurApi } from './erreurs.js';

/** Fastify's own errors (body parsing, limits…), translated to the contract's French bodies. */
function traduire(e: FastifyError): ErreurApi | null {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ErreurApi(413, 'trop_volumineux', 'Le contenu envoyé est trop volumineux.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ErreurApi(
        415,
        'type_non_supporte',
        "Le type de contenu envoyé n'est pas accepté pour cette adresse.",
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ErreurApi(400, 'corps_vide', 'Le corps JSON de la requête est vide.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ErreurApi(400, 'json_invalide', "Le corps de la requête n'est pas un JSON valide.");
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new ErreurApi(400, 'multipart_invalide', 'Le formulaire envoyé contient trop de parties.');
    default:
      break;
  }
  if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
    return new ErreurApi(400, 'json_invalide', "Le corps de la requête n'est pas un JSON valide.");
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    return new ErreurApi(e.statusCode, 'requete_invalide', 'La requête est invalide.', { detail: e.message });
  }
  return null;
}

/**
 * `avantChaqueRequete` runs synchronously before any route (the demo clock re-reads its file and
 * purges there, so a request never sees a state older than the clock).
 */
export async function construireApp(
  g: Guichet,
  handlers: Handlers,
  avantChaqueRequete?: () => void,
  proxysDeConfiance: readonly string[] = [],
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // Behind no proxy by default: the client IP (per-IP throttling) is the socket's. Listed proxies
    // only: X-Forwarded-For is believed when the connection comes from one of them.
    trustProxy: proxysDeConfiance.length > 0 ? [...proxysDeConfiance] : false,
    return503OnClosing: true,
  });
  if (avantChaqueRequete) {
    app.addHook('onRequest', (_requete, _reponse, suite) => {
      avantChaqueRequete();
      suite();
    });
  }
  await app.register(multipart, {
    // Hard ceilings; each request narrows fileSize to the slot's own limit.
    limits: { files: 1, fields: 10, fieldSize: 4096, parts: 12, fileSize: 10 * 1024 * 1024 },
  });

  // An empty JSON body (e.g. POST /auth/logout sent with a JSON Content-Type) means "no body",
  // not an error; anything else goes through fastify's own parser (prototype-poisoning safe).
  const parseurJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (requete, corps, fini) => {
    const texte = typeof corps === 'string' ? corps : corps.toString('utf8');
    if (texte.trim() === '') {
      fini(null, undefined);
      return;
    }
    parseurJson(requete, texte, fini);
  });

  app.setErrorHandler((e: FastifyError, requete, reponse) => {
    const api = e instanceof ErreurApi ? e : traduire(e);
    if (!api) {
      g.journal.erreur(`Erreur interne sur ${requete.method} ${requete.url}`, e);
      return reponse
        .code(500)
        .header('cache-control', 'no-store')
        .send({ erreur: 'erreur_interne', message: 'Erreur interne du guichet ; réessayez plus tard.' });
    }
    return reponse
      .code(api.statut)
      .headers(api.entetes)
      .header('cache-control', 'no-store')
      .send(api.corps());
  });
  app.setNotFoundHandler((requete, reponse) =>
    reponse.code(404).send({
      erreur: 'route_inconnue',
      message: `Aucune adresse ${requete.method} ${requete.url.split('?')[0] ?? ''} dans l'API du guichet.`,
    }),
  );

  const openApi = genererOpenApi();
  app.get(`${API_BASE}/openapi.json`, (_requete, reponse) =>
    reponse.header('cache-control', 'no-cache').send(openApi),
  );
  enregistrerRoutes(app, g, handlers);
  return app;
}
