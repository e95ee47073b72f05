/**
 * Operational errors of the gateway (configuration, key loading, calls to the compliance
 * service). Decisions about a request are never thrown: they are `Reason`s (reasons.ts).
 */
import { VigilError } from '@vigil/shared';

export const GATEWAY_ERROR_CODES = [
  /** Options or flags are invalid; the message lists every problem. */
  'VIGIL_GATEWAY_CONFIG',
  /** The JWKS could not be read, fetched or parsed. */
  'VIGIL_GATEWAY_JWKS_LOAD',
  /** The compliance service could not be asked (background-check mode). */
  'VIGIL_GATEWAY_SERVICE_REQUEST',
] as const;
export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

export class GatewayError extends VigilError {
  declare readonly code: GatewayErrorCode;

  constructor(code: GatewayErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'GatewayError';
  }
}
