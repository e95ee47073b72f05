/** GET /openapi.json */
import type { FastifyInstance } from 'fastify';
import { openApiDocument, type CollectedRoute } from './document.js';

export function registerOpenApiRoute(app: FastifyInstance, routes: readonly CollectedRoute[], version: string): void {
  let document: unknown;
  app.get('/openapi.json', { schema: { summary: 'This document', tags: ['operations'] } }, async () => {
    document ??= openApiDocument(routes, version);
    return document;
  });
}
