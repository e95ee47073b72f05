import type { CheckResult } from '../verdict.js';

/** What a check's own rule says about an observed value, before requirement and grace apply. */
export interface RawOutcome {
  result: CheckResult;
  reason: string;
}

export interface EvaluationContext {
  now: Date;
}
