/** Documented in docs/cli.md; scripts and MDM detection rules depend on them. Never renumber. */
export const EXIT = {
  /** Compliant or warning (a deadline is running but access is kept); command succeeded. */
  OK: 0,
  /** Noncompliant or unknown: access would be refused. `vigil doctor`: a problem was found. */
  NOT_COMPLIANT: 1,
  /** Bad command line or configuration (policy file, config file). */
  USAGE: 2,
  /** A bug or an unexpected failure inside Vigil. */
  INTERNAL: 3,
  /** The device is not enrolled, or its identity is unusable (expired, damaged). */
  NOT_ENROLLED: 4,
  /** The compliance service was unreachable or refused the request; reports stay queued. */
  SERVICE: 5,
  /** The local cache cannot be used (disk full, database problem). */
  CACHE: 6,
  /** Personal device: consent not given or withdrawn, so nothing was collected or sent. */
  CONSENT: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UsageError extends Error {
  readonly details: readonly string[];

  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'UsageError';
    this.details = details;
  }
}
