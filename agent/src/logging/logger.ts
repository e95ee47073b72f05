/**
 * The agent's one logger factory. Messages are static lower-case strings, details go in
 * snake_case fields, and secrets are redacted here once, so no call site has to remember to.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Field names that may carry a secret anywhere in a log object: enrollment and admin tokens,
 * private keys, authorization headers, and the attestation result (a bearer credential at
 * gateways). Listed one level deep too because pino's redaction matches exact paths.
 */
const SECRET_FIELDS = ['token', 'key', 'private_key', 'privateKey', 'authorization', 'ear', 'password', 'cookie'];
export const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  'headers.authorization',
  '*.headers.authorization',
  'request.headers.authorization',
];

export interface LoggerOptions {
  level: LogLevel;
  /** Defaults to stderr: stdout belongs to command output (`--json`). */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: 'vigil-agent',
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    // Synchronous writes: a daemon killed with SIGKILL or a CLI that exits must not lose the
    // line that explains why.
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** `{code, message}` of any error, for the `err` field of a log line. */
export function errorFields(error: unknown): { code?: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? { code, message: error.message } : { message: error.message };
  }
  return { message: String(error) };
}
