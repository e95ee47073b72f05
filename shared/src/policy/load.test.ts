import { describe, expect, it } from 'vitest';
import { PolicyError } from '../errors.js';
import { DEFAULT_POLICY, DEFAULT_POLICY_YAML } from './default-policy.js';
import { formatPolicyProblems, parsePolicy } from './load.js';

function problemsOf(text: string): string[] {
  try {
    parsePolicy(text, 'p.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return formatPolicyProblems('p.yaml', (error as PolicyError).problems);
  }
  throw new Error('expected the policy to be rejected');
}

describe('parsePolicy', () => {
  it('loads the shipped default policy with defaults filled in', () => {
    expect(DEFAULT_POLICY.id).toBe('vigil-default');
    expect(DEFAULT_POLICY.checks['os.patches']?.maxPendingSecurityUpdates).toBe(0);
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    expect(parsePolicy(DEFAULT_POLICY_YAML)).toEqual(DEFAULT_POLICY);
  });

  it('accepts JSON as well as YAML', () => {
    const policy = parsePolicy(JSON.stringify({ id: 'j', checks: { 'net.firewall': { requirement: 'suggested' } } }));
    expect(policy.checks['net.firewall']?.requirement).toBe('suggested');
    expect(policy.enforcement.mode).toBe('block');
  });

  it('lists every problem with its line and column, not just the first', () => {
    const problems = problemsOf(
      [
        'id: test',
        'enforcement: { mode: sometimes }',
        'checks:',
        '  os.version:',
        '    requirement: always',
        '  disk.encryption:',
        '    requirement: maybe',
        '  wifi.strength: {}',
      ].join('\n'),
    );
    expect(problems).toContain(
      'p.yaml:2:22 enforcement.mode: Invalid option: expected one of "report"|"notify"|"warn-then-block"|"block"',
    );
    expect(problems.some((p) => p.startsWith('p.yaml:7:18 checks.disk.encryption.requirement'))).toBe(true);
    expect(problems).toContain('p.yaml:5:5 checks.os.version.rules: required setting is missing');
    expect(problems).toContain('p.yaml:8:18 checks: unknown key(s): wifi.strength');
    expect(problems).toHaveLength(4);
  });

  it('rejects duplicate keys instead of silently taking the last one', () => {
    expect(problemsOf('id: a\nid: b\nchecks: {}\n')[0]).toMatch(/^p\.yaml:2:1 .*unique/);
    expect(problemsOf('{"id":"a","id":"b","checks":{}}')[0]).toMatch(/unique/);
  });

  it('reports syntax errors with their position', () => {
    expect(problemsOf('id: [unclosed\nchecks: {}\n')[0]).toMatch(/^p\.yaml:\d+:\d+ /);
  });

  it('rejects contradictory settings with an explanation', () => {
    const problems = problemsOf(
      [
        'id: t',
        'checks:',
        '  os.patches: { requirement: never }',
        '  os.version:',
        '    requirement: always',
        '    rules:',
        '      darwin: { minimum: "15.0", nudgeBelow: "14.0" }',
      ].join('\n'),
    );
    expect(problems.some((p) => p.includes('checks.os.patches.requirement: "never" needs a yes/no check'))).toBe(true);
    expect(problems.some((p) => p.includes('nudgeBelow (14.0) is lower than minimum (15.0)'))).toBe(true);
  });

  it('refuses oversized documents and non-https help links', () => {
    expect(problemsOf(`id: x\nchecks: {}\ndescription: "${'a'.repeat(1024 * 1024)}"`)[0]).toMatch(/too large/);
    expect(
      problemsOf('id: x\nchecks: {}\nremediation:\n  net.firewall: { url: "http://help.example" }\n'),
    ).toHaveLength(1);
  });
});
