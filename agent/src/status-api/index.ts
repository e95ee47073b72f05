export { createStatusServer, DEFAULT_MIN_CHECK_INTERVAL_MS, STATUS_API_BODY_LIMIT } from './server.js';
export type { CheckRequester, StatusServer, StatusServerOptions } from './server.js';
export { fetchPrivacy, fetchStatus, postConsent, requestCheckNow } from './client.js';
export type { CheckNowOptions, StatusClientOptions } from './client.js';
export { StatusApiError, StatusRefusal, STATUS_API_ERROR_CODES, STATUS_HTTP_ERROR_CODES } from './errors.js';
export type { StatusApiErrorCode } from './errors.js';
export { DEFAULT_STATUS_SOCKET_PATHS, isNamedPipePath } from './socket-path.js';
