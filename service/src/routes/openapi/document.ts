/**
 * The OpenAPI 3.1 document, generated from the route schemas themselves (collected with the
 * onRoute hook), so it covers every route and cannot drift from what the service validates.
 */
import type { RouteOptions } from 'fastify';

// Documentation-only keys in route schemas (fastify compiles body/params/querystring/headers/
// response and ignores the rest).
declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    tags?: readonly string[];
    security?: readonly unknown[];
    consumes?: readonly string[];
    produces?: readonly string[];
  }
}

interface RouteSchema {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  consumes?: string[];
  produces?: string[];
  body?: Record<string, unknown>;
  params?: { properties?: Record<string, unknown>; required?: string[] };
  querystring?: { properties?: Record<string, unknown>; required?: string[] };
  headers?: { properties?: Record<string, unknown>; required?: string[] };
  response?: Record<string, Record<string, unknown>>;
}

export interface CollectedRoute {
  method: string;
  url: string;
  schema: RouteSchema;
}

export function collectRoute(routes: CollectedRoute[], options: RouteOptions): void {
  const methods = Array.isArray(options.method) ? options.method : [options.method];
  for (const method of methods) {
    if (method === 'HEAD') continue; // fastify adds HEAD twins of GET routes
    routes.push({ method: method.toLowerCase(), url: options.url, schema: (options.schema ?? {}) as RouteSchema });
  }
}

export function openApiDocument(routes: readonly CollectedRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, url, schema } of routes) {
    const path = url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters = [
      ...parametersOf(schema.params, 'path'),
      ...parametersOf(schema.querystring, 'query'),
      ...parametersOf(schema.headers, 'header'),
    ];
    const responses = Object.fromEntries(
      Object.entries(schema.response ?? { 200: {} }).map(([status, body]) => {
        const { description, ...bodySchema } = body as { description?: string };
        const types = schema.produces ?? ['application/json'];
        const content = Object.keys(bodySchema).length
          ? Object.fromEntries(types.map((t) => [t, { schema: bodySchema }]))
          : undefined;
        return [
          status,
          {
            description: description ?? (status.startsWith('2') ? 'success' : 'error'),
            ...(content ? { content } : {}),
          },
        ];
      }),
    );
    paths[path] = {
      ...paths[path],
      [method]: {
        summary: schema.summary,
        tags: schema.tags,
        ...(schema.security ? { security: schema.security } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(schema.body
          ? {
              requestBody: {
                required: true,
                content: Object.fromEntries(
                  (schema.consumes ?? ['application/json']).map((t) => [t, { schema: schema.body }]),
                ),
              },
            }
          : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil compliance service',
      version,
      description: 'Errors are {code, message}; codes in docs/errors.md.',
    },
    components: {
      securitySchemes: {
        mutualTLS: { type: 'mutualTLS', description: 'device certificate issued by POST /v1/enroll' },
        adminBearer: { type: 'http', scheme: 'bearer', description: 'vigil-service token create --admin' },
        gatewayBearer: { type: 'http', scheme: 'bearer', description: 'vigil-service token create --gateway' },
      },
    },
    paths,
  };
}

function parametersOf(schema: RouteSchema['params'], where: 'path' | 'query' | 'header') {
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (schema?.required ?? []).includes(name),
    schema: property,
  }));
}
