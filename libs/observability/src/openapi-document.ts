import { z } from 'zod';

/*
 * OpenAPI 3.1 from the zod schemas a service already validates its requests with: each
 * service lists its routes once (method, path, the schemas of query and body, and of the
 * answer where one exists), and the document is generated from that list, never written
 * by hand. A test per service checks the list against the routes its controllers serve.
 */

export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: the management token, an integration's key, or anyone. */
export type ApiAuth = 'admin' | 'integration' | 'none';

export interface ApiRoute {
  readonly method: ApiMethod;
  /** As the controller writes it: `/v1/incidents/:id`. */
  readonly path: string;
  readonly summary: string;
  /** Groups routes in the document (one per capability: incidents, receivers…). */
  readonly tag: string;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The answer's body; described as any JSON object when absent. */
  readonly response?: z.ZodType;
  /** The success status (200 unless given). */
  readonly status?: number;
  readonly auth?: ApiAuth;
  /** An example request body and answer, shown with the schemas. */
  readonly example?: { readonly request?: unknown; readonly response?: unknown };
}

export interface ApiDescription {
  readonly title: string;
  readonly version: string;
  readonly routes: readonly ApiRoute[];
}

export type JsonObject = { [key: string]: unknown };

/** `/v1/incidents/:id` → `/v1/incidents/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The JSON Schema (2020-12, which OpenAPI 3.1 uses) of what a client sends or receives. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
  delete json.$schema;
  return json;
}

/**
 * Recursive schemas (the routing tree) refer to themselves as `#` or to `#/$defs/…`; inside
 * an OpenAPI document `#` is the document, so those definitions (and a self-referring root)
 * move to components.schemas under a prefix unique to their place, and the references follow.
 */
function hoistDefinitions(schema: JsonObject, prefix: string, sink: Record<string, unknown>): JsonObject {
  const { $defs, ...rest } = schema;
  const selfReferring = JSON.stringify(rest).includes('"$ref":"#"');
  if (!$defs && !selfReferring) return schema;
  const rewrite = (value: unknown): JsonObject =>
    JSON.parse(
      JSON.stringify(value)
        .replaceAll('"#/$defs/', `"#/components/schemas/${prefix}`)
        .replaceAll('"$ref":"#"', `"$ref":"#/components/schemas/${prefix}root"`),
    ) as JsonObject;
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) sink[`${prefix}${name}`] = rewrite(definition);
  if (!selfReferring) return rewrite(rest);
  sink[`${prefix}root`] = rewrite(rest);
  return { $ref: `#/components/schemas/${prefix}root` };
}

/** The fields of an object schema (refinements keep the shape in zod 4); otherwise none. */
function fieldsOf(schema: z.ZodType): Record<string, z.ZodType> {
  const shape = (schema as { shape?: unknown }).shape;
  return typeof shape === 'object' && shape !== null ? (shape as Record<string, z.ZodType>) : {};
}

const exampleOf = (example: unknown): { example?: unknown } => (example === undefined ? {} : { example });

const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };

function operation(route: ApiRoute, schemas: Record<string, unknown>): JsonObject {
  const operationId = `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`;
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output', where: string): JsonObject => hoistDefinitions(jsonSchemaOf(schema, io), `${operationId}_${where}_`, schemas);
  const pathParameters = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParameters = Object.entries(route.query ? fieldsOf(route.query) : {}).map(([name, field]) => ({
    name,
    in: 'query',
    required: !field.safeParse(undefined).success,
    schema: schemaOf(field, 'input', name),
    ...(field.description ? { description: field.description } : {}),
  }));
  const status = String(route.status ?? 200);
  const auth = route.auth ?? 'admin';
  return {
    operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(auth === 'none' ? { security: [] } : { security: [{ [auth === 'admin' ? 'adminToken' : 'integrationKey']: [] }] }),
    ...(pathParameters.length + queryParameters.length > 0 ? { parameters: [...pathParameters, ...queryParameters] } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input', 'body'), ...exampleOf(route.example?.request) } } } }
      : {}),
    responses: {
      [status]:
        status === '204'
          ? { description: 'done' }
          : {
              description: 'success',
              content: { 'application/json': { schema: route.response ? schemaOf(route.response, 'output', 'response') : { type: 'object' }, ...exampleOf(route.example?.response) } },
            },
      '400': ERROR_RESPONSE,
      ...(auth === 'none' ? {} : { '401': ERROR_RESPONSE }),
      '404': ERROR_RESPONSE,
    },
  };
}

/** The OpenAPI 3.1 document for one API. */
export function openApiDocument(api: ApiDescription): JsonObject {
  const paths: Record<string, JsonObject> = {};
  const schemas: Record<string, unknown> = {};
  for (const route of api.routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation(route, schemas) };
  }
  return {
    openapi: '3.1.0',
    info: { title: api.title, version: api.version },
    paths,
    components: {
      schemas,
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'HERALD_ADMIN_TOKEN (or a scoped token)' },
        integrationKey: { type: 'http', scheme: 'bearer', description: "the integration's key" },
      },
      responses: {
        Error: {
          description: 'the request was refused; `message` says why and `errors` names each field',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  error: { type: 'string' },
                  message: { type: 'string' },
                  errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
                },
                required: ['message'],
              },
            },
          },
        },
      },
    },
  };
}
