/** Everything route handlers need, built once by `buildApp` and passed explicitly. */
import type { Appraiser } from './appraisal/appraisal-pool.js';
import type { PolicyHolder } from './appraisal/policy-holder.js';
import type { ResultKeyRing } from './appraisal/result-keys.js';
import type { CertificateAuthority } from './ca/authority.js';
import type { CaepTransmitter } from './caep/transmitter.js';
import type { ServiceSettings } from './config.js';
import type { Metrics } from './plugins/metrics.js';
import type { Readiness } from './readiness.js';
import type { Store } from './store/types.js';

export interface ServiceContext {
  settings: Readonly<ServiceSettings>;
  store: Store;
  authority: CertificateAuthority;
  keys: ResultKeyRing;
  policy: PolicyHolder;
  /** Appraises verified reports, on worker threads where the machine has cores to spare. */
  appraiser: Appraiser;
  metrics: Metrics;
  now: () => Date;
  /** Trust anchors handed to agents at enrollment: the device CA and the server's CA. */
  caCertificates: readonly string[];
  /**
   * The CA an enrollment code pins (by SHA-256 of its DER): the root of the server's TLS
   * certificate, i.e. the device CA unless the operator brought a certificate with `--tls-ca`.
   */
  enrollmentTrustAnchor: string;
  /** Pushes CAEP `device-compliance-change` SETs to `settings.caepReceivers` (none: a no-op). */
  caep: CaepTransmitter;
  /** `/readyz`: not ready once draining (SIGTERM). */
  readiness: Readiness;
}
