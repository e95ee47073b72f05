import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inboundOfZoneTarget, parseFirewalldState } from './parse-firewalld.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('firewalld', () => {
  it('reads --state', () => {
    expect(parseFirewalldState(fixture('firewall-cmd-state.running.txt'), '', 0)).toBe('running');
    expect(parseFirewalldState('', fixture('firewall-cmd-state.not-running.stderr.txt'), 252)).toBe('not running');
    expect(parseFirewalldState('', 'Authorization failed.\n', 11)).toBeNull();
  });

  it.each([
    ['firewall-cmd-target.default.txt', 'deny'],
    ['firewall-cmd-target.reject.txt', 'deny'],
    ['firewall-cmd-target.accept.txt', 'allow'],
  ] as const)('zone target %s → %s', (name, inbound) => {
    expect(inboundOfZoneTarget(fixture(name))).toBe(inbound);
  });
});
