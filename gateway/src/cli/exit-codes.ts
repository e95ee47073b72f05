/** Documented in docs/gateways.md; service managers and scripts depend on them. */
export const EXIT = {
  /** `start`: stopped cleanly by a signal. `verify`: access would be allowed. */
  OK: 0,
  /** `verify`: access would be refused. */
  DENIED: 1,
  /** Bad command line or configuration. */
  USAGE: 2,
  /** A bug or an unexpected failure inside the gateway. */
  INTERNAL: 3,
  /** `start`: could not start (keys unreadable, port taken). */
  CANNOT_START: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
