/**
 * Stable error codes (`VIGIL_<AREA>_<REASON>`), catalogued in docs/errors.md and never reused.
 * Across a process or HTTP boundary an error travels as `{code, message}`.
 */
export class VigilError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VigilError';
    this.code = code;
  }

  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

export interface PolicyProblem {
  /** Dotted path inside the policy document, e.g. `checks.os.version.rules.linux`. */
  path: string;
  /** 1-based line and column in the source file, when known. */
  line?: number;
  column?: number;
  message: string;
}

export class PolicyError extends VigilError {
  readonly problems: readonly PolicyProblem[];

  constructor(code: string, message: string, problems: readonly PolicyProblem[], options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PolicyError';
    this.problems = problems;
  }
}
