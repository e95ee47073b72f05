export { enroll, readCaBundle, type EnrollRequest, type EnrollSender } from './enroll.js';
export { renewIdentity, renewalDue, certificateExpired, type RenewSender } from './renew.js';
export { loadIdentity, isEnrolled, identityDir, type DeviceIdentity } from './store.js';
export { renewalTime, inspectCertificate, type CertificateInfo } from './certificate.js';
export { IdentityError, IDENTITY_ERROR_CODES, type IdentityErrorCode } from './errors.js';
export { KEY_SIZES, type KeySize } from './keys.js';
