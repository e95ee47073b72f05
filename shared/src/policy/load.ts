/**
 * Parses a policy file (YAML or JSON; JSON is read by the YAML parser so both report line and
 * column) and validates it, collecting every problem with its location instead of stopping at
 * the first. Duplicate keys are rejected: a policy that says two things about one key is
 * ambiguous, and silently taking the last one has hidden security mistakes elsewhere.
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { PolicyError, type PolicyProblem } from '../errors.js';
import { PolicySchema, type Policy } from './schema.js';
import { checkPolicySemantics } from './semantics.js';

const MAX_POLICY_BYTES = 1024 * 1024;

export function parsePolicy(text: string, sourceName = 'policy'): Policy {
  if (text.length > MAX_POLICY_BYTES) {
    throw new PolicyError('VIGIL_POLICY_TOO_LARGE', `${sourceName} is larger than 1 MiB`, [
      { path: '', message: 'file too large' },
    ]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const syntax: PolicyProblem[] = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    return { path: '', line: pos.line, column: pos.col, message: error.message.split('\n')[0] ?? error.code };
  });
  if (syntax.length > 0) {
    throw new PolicyError('VIGIL_POLICY_SYNTAX', `${sourceName} is not valid YAML or JSON`, syntax);
  }
  const data = toPlainData(doc, sourceName);
  const result = PolicySchema.safeParse(data);
  const locate = (path: readonly PropertyKey[]): Pick<PolicyProblem, 'line' | 'column'> => {
    // Walk up until a node exists: a missing key is reported where its parent is.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return {};
  };
  if (!result.success) {
    throw new PolicyError(
      'VIGIL_POLICY_INVALID',
      `${sourceName} does not match the policy schema`,
      result.error.issues.map((issue) => toProblem(issue, locate)),
    );
  }
  const semantic = checkPolicySemantics(result.data).map((p) => ({
    path: p.path.join('.'),
    message: p.message,
    ...locate(p.path),
  }));
  if (semantic.length > 0) {
    throw new PolicyError('VIGIL_POLICY_INVALID', `${sourceName} has inconsistent settings`, semantic);
  }
  return Object.freeze(result.data);
}

/** Aliases are resolved here; an unresolved alias or an alias bomb must be a policy error, not a crash. */
function toPlainData(doc: ReturnType<typeof parseDocument>, sourceName: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PolicyError('VIGIL_POLICY_SYNTAX', `${sourceName} is not valid YAML or JSON`, [{ path: '', message }], {
      cause: error,
    });
  }
}

function toProblem(
  issue: z.core.$ZodIssue,
  locate: (path: readonly PropertyKey[]) => Pick<PolicyProblem, 'line' | 'column'>,
): PolicyProblem {
  const path = issue.path.map(String).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown key(s): ${issue.keys.join(', ')}`;
  // Zod words a missing key as a type mismatch against undefined; say what an admin must do.
  if (issue.code === 'invalid_type' && message.endsWith('received undefined')) message = 'required setting is missing';
  // Point at the offending key itself where there is one, not at its parent map.
  const where = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  return { path, message, ...locate(where) };
}

/** One line per problem, `file:line:col path: message`, for CLIs. */
export function formatPolicyProblems(sourceName: string, problems: readonly PolicyProblem[]): string[] {
  return problems.map((p) => {
    const where = p.line ? `${sourceName}:${p.line}:${p.column ?? 1}` : sourceName;
    return `${where} ${p.path ? `${p.path}: ` : ''}${p.message}`;
  });
}
