import { z } from 'zod';
import { API_BASE, routes, type RouteDef } from './routes.js';

type JsonObject = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function parametres(def: RouteDef): JsonObject[] {
  const liste: JsonObject[] = [];
  for (const [emplacement, schema] of [
    ['path', def.params],
    ['query', def.query],
  ] as const) {
    if (!schema) continue;
    const js = jsonSchema(schema, 'input') as {
      properties?: Record<string, JsonObject>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      liste.push({
        name,
        in: emplacement,
        required: emplacement === 'path' || (js.required ?? []).includes(name),
        schema: prop,
        ...(typeof prop.description === 'string' ? { description: prop.description } : {}),
      });
    }
  }
  return liste;
}

/** The OpenAPI 3.1 description, generated from the route table and its zod schemas. */
export function genererOpenApi(version = '1.0.0'): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const [operationId, def] of Object.entries(routes) as [string, RouteDef][]) {
    const chemin = API_BASE + def.path.replace(/:([a-zA-Z]+)/g, '{$1}');
    const responses: Record<string, JsonObject> = {};
    const succes = def.success;
    responses[String(succes.status)] = succes.binary
      ? {
          description: 'Contenu binaire',
          content: { [succes.binary.contentType]: { schema: { type: 'string', format: 'binary' } } },
        }
      : {
          description: 'Succès',
          content: { 'application/json': { schema: jsonSchema(succes.schema ?? z.object({}), 'output') } },
        };
    for (const [status, schema] of Object.entries(def.errors)) {
      if (!schema) continue;
      responses[status] = {
        description: 'Erreur',
        content: { 'application/json': { schema: jsonSchema(schema, 'output') } },
      };
    }
    const operation: JsonObject = {
      operationId,
      summary: def.summary,
      parameters: parametres(def),
      responses,
      ...(def.acces === 'public' ? { security: [] } : {}),
      ...(def.acces === 'gestion' ? { 'x-habilitation': 'GESTION' } : {}),
    };
    if (def.body) {
      const mediaType = def.multipart ? 'multipart/form-data' : 'application/json';
      const schema = jsonSchema(def.body, 'input');
      if (def.multipart) {
        (schema as { properties: Record<string, JsonObject> }).properties.fichier = {
          type: 'string',
          format: 'binary',
        };
      }
      operation.requestBody = { required: true, content: { [mediaType]: { schema } } };
    }
    (paths[chemin] ??= {})[def.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Guichet de Suivi — API v1',
      version,
      description: 'API des télédossiers pour les services instructeurs (Guichet Instructeur).',
    },
    components: {
      securitySchemes: { jeton: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ jeton: [] }],
    paths,
  };
}
