/** The BYOD additions are in /openapi.json with their security, bodies and answers. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestService, type TestService } from '../../test-support/index.js';

let service: TestService;
beforeEach(async () => {
  service = await createTestService();
});
afterEach(() => service.close());

type Operation = {
  summary?: string;
  security?: unknown;
  requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
};

describe('OpenAPI document: BYOD routes', () => {
  it('documents enrollment from a code, ownership, consent and unenroll', async () => {
    const doc = (await service.app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const ca = doc.paths['/v1/enroll/ca']?.get;
    expect(ca?.summary).toBeTruthy();
    expect(ca?.security).toBeUndefined(); // public
    expect(ca?.responses['200']?.content?.['application/json']?.schema.properties).toHaveProperty('caCertificates');

    const unenroll = doc.paths['/v1/unenroll']?.post;
    expect(unenroll?.security).toEqual([{ mutualTLS: [] }]);
    expect(Object.keys(unenroll?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403']));

    const enroll = doc.paths['/v1/enroll']?.post?.requestBody?.content['application/json']?.schema.properties;
    expect(enroll?.ownership).toMatchObject({ enum: ['managed', 'personal'] });
    expect(enroll?.consent).toMatchObject({ required: ['statementVersion', 'acceptedAt'] });

    const tokens = doc.paths['/v1/admin/enrollment-tokens']?.post;
    expect(tokens?.requestBody?.content['application/json']?.schema.properties).toHaveProperty('code');
    expect(tokens?.responses['201']?.content?.['application/json']?.schema.properties).toHaveProperty('code');
  });
});
