/** JSON Schema fragments shared by route schemas (and so by the generated OpenAPI document). */
export const ErrorSchema = {
  type: 'object',
  description: 'Every error: a stable code (docs/errors.md) and a human-readable message.',
  required: ['code', 'message'],
  properties: { code: { type: 'string', pattern: '^VIGIL_[A-Z0-9_]+$' }, message: { type: 'string' } },
  additionalProperties: true,
} as const;

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, { ...ErrorSchema, description: `error (${status})` }]));

export const DeviceIdSchema = {
  type: 'string',
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
} as const;

/** Verdicts and postures are shared-package objects; documented loosely, passed through whole. */
export const OpenObject = { type: 'object', additionalProperties: true } as const;

export const MTLS_SECURITY = [{ mutualTLS: [] }];
export const ADMIN_SECURITY = [{ adminBearer: [] }];
export const GATEWAY_SECURITY = [{ gatewayBearer: [] }];

export const CertificateResponse = {
  type: 'object',
  required: ['certificate', 'caCertificates', 'notBefore', 'notAfter', 'renewAfter'],
  properties: {
    deviceId: DeviceIdSchema,
    certificate: { type: 'string', description: 'PEM device certificate' },
    caCertificates: {
      type: 'array',
      items: { type: 'string' },
      description: 'PEM trust anchors (device CA, server CA)',
    },
    notBefore: { type: 'string', format: 'date-time' },
    notAfter: { type: 'string', format: 'date-time' },
    renewAfter: { type: 'string', format: 'date-time', description: 'about 2/3 of the lifetime; add jitter' },
  },
} as const;
