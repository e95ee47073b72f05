/** Flags → a validated, frozen `GatewayConfig`. Every problem is reported at once. */
import { isCheckId } from '@vigil/shared';
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CERT_HEADER_FORMATS, type CertHeaderFormat } from '../cert/client-cert-header.js';
import { DEFAULT_COOKIE } from '../http/request-binding.js';
import { DEFAULT_TRUSTED_PROXIES } from '../http/trusted-proxies.js';
import type { GatewayConfig } from '../server/build-gateway.js';
import { UsageError } from './exit-codes.js';

export const START_FLAGS = {
  jwks: { type: 'string' },
  'jwks-ca': { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  port: { type: 'string', default: '9180' },
  host: { type: 'string', default: '127.0.0.1' },
  mandatory: { type: 'string', multiple: true, default: [] },
  'max-age': { type: 'string', default: '900' },
  'clock-tolerance': { type: 'string', default: '30' },
  'deny-warning': { type: 'boolean', default: false },
  'cert-format': { type: 'string', default: 'pem-urlencoded' },
  'cert-header': { type: 'string' },
  'trusted-proxy': { type: 'string', multiple: true, default: [] },
  cookie: { type: 'string', default: DEFAULT_COOKIE },
  'caep-audience': { type: 'string' },
  'no-caep': { type: 'boolean', default: false },
  service: { type: 'string' },
  'service-ca': { type: 'string' },
  'service-token-file': { type: 'string' },
  json: { type: 'boolean', default: false },
} satisfies NonNullable<ParseArgsConfig['options']>;

export function parseStartArgs(args: readonly string[]): { config: GatewayConfig; json: boolean } {
  const values = parseFlags(args);
  const problems: string[] = [];
  const need = (name: 'jwks' | 'issuer' | 'audience'): string => {
    const value = values[name];
    if (!value) problems.push(`--${name} is required`);
    return value ?? '';
  };
  const int = (name: 'port' | 'max-age' | 'clock-tolerance', min: number, max: number): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`--${name} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const file = (flag: string, path: string | undefined): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${flag} ${path}: ${(error as Error).message}`);
      return undefined;
    }
  };

  const jwks = need('jwks');
  const mandatoryChecks = values.mandatory
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
  for (const check of mandatoryChecks) if (!isCheckId(check)) problems.push(`--mandatory: unknown check "${check}"`);
  const certFormat = values['cert-format'] as CertHeaderFormat;
  if (!CERT_HEADER_FORMATS.includes(certFormat))
    problems.push(`--cert-format must be one of ${CERT_HEADER_FORMATS.join(', ')}`);
  const isUrl = /^https?:\/\//i.test(jwks);
  const jwksCa = file('--jwks-ca', values['jwks-ca']);
  if (isUrl && !values['jwks-ca']) problems.push('--jwks-ca is required with a JWKS URL (the CA to pin)');
  if (values.service && !values['service-ca']) problems.push('--service-ca is required with --service (the CA to pin)');
  const serviceCa = file('--service-ca', values['service-ca']);
  const token = file('--service-token-file', values['service-token-file'])?.trim();
  const audience = need('audience');
  const config: GatewayConfig = {
    jwks,
    ...(jwksCa ? { jwksCa } : {}),
    issuer: need('issuer'),
    audience,
    host: values.host,
    port: int('port', 0, 65_535),
    mandatoryChecks,
    maxAgeSeconds: int('max-age', 60, 86_400),
    clockToleranceSeconds: int('clock-tolerance', 0, 600),
    allowWarning: !values['deny-warning'],
    certFormat,
    ...(values['cert-header'] ? { certHeader: values['cert-header'] } : {}),
    trustedProxies: values['trusted-proxy'].length ? values['trusted-proxy'] : [...DEFAULT_TRUSTED_PROXIES],
    cookie: values.cookie,
    caepAudience: values['no-caep'] ? null : (values['caep-audience'] ?? audience),
    ...(values.service && serviceCa
      ? { service: { url: values.service, ca: serviceCa, ...(token ? { token } : {}) } }
      : {}),
  };
  if (problems.length > 0) throw new UsageError(problems.join('\n  '));
  return { config: Object.freeze(config), json: values.json };
}

function parseFlags(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: START_FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
