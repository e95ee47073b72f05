export { buildCsr, buildCsrDer, type CsrOptions } from './csr.js';
export { TestDevice, type ReportOptions, type SignedReport } from './device.js';
export { createTestService, testAuthority, TestService, type TestServiceOptions } from './harness.js';
export { httpsRequest, type HttpsOptions, type HttpsResponse } from './https.js';
export { b64u, flipByte, signRawPs256 } from './jws.js';
export { healthyPosture, unencryptedDisk } from './posture.js';
export { installTestPolicy, TEST_POLICY_YAML } from './policy.js';
export { sqliteTestStores, testStores, useTestStores, type TestStores } from './stores.js';
export { postgresTestStores, urlForSchema } from './postgres-stores.js';
