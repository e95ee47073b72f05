/**
 * Helpers for the HTTP-edge fuzz tests (docs/fuzzing.md): the error codes docs/errors.md
 * documents, a digest of every table to prove a rejected request stored nothing, and the routes
 * the service itself publishes in its OpenAPI document.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '../store/sqlite/open.js';

export const DOCUMENTED_CODES: ReadonlySet<string> = new Set(
  readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8').match(/VIGIL_[A-Z0-9_]+/g) ?? [],
);

/** One digest per table (rows in a stable order), so any insert, update or delete shows. */
export function tableDigests(db: Db): Record<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
    name: string;
  }>;
  return Object.fromEntries(
    tables.map(({ name }) => {
      const rows = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all();
      const text = rows
        .map((row) => JSON.stringify(row, (_, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
        .sort()
        .join('\n');
      return [name, createHash('sha256').update(text).digest('base64url')];
    }),
  );
}

/** A rejection is JSON `{code, message}` with a code from docs/errors.md; never a 500. */
export function expectDocumentedAnswer(response: LightMyRequestResponse, what: string): void {
  expect(response.statusCode, `${what}: ${response.body.slice(0, 300)}`).not.toBe(500);
  if (response.statusCode < 400) return;
  const body = response.json() as { code?: unknown; message?: unknown };
  expect(typeof body.message, what).toBe('string');
  expect(DOCUMENTED_CODES.has(String(body.code)), `${what}: undocumented code ${String(body.code)}`).toBe(true);
}

export interface PublishedRoute {
  method: string;
  /** OpenAPI path template, `{id}` style. */
  path: string;
}

/** Every operation in the service's own OpenAPI document. */
export async function publishedRoutes(app: FastifyInstance): Promise<PublishedRoute[]> {
  const document = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, object> };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
}
