import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inboundOfUfw, parseUfwStatus, ufwConfEnabled, ufwDefaultIncoming } from './parse-ufw.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('ufw status verbose (real ufw 0.36.2)', () => {
  it.each([
    ['ufw-status.active-deny.txt', { active: true, incoming: 'deny' }],
    ['ufw-status.active-legacy.txt', { active: true, incoming: 'deny' }],
    ['ufw-status.inactive.txt', { active: false, incoming: null }],
  ] as const)('%s', (name, expected) => {
    expect(parseUfwStatus(fixture(name))).toEqual(expected);
  });

  it('does not mistake the non-root error for a status', () => {
    expect(parseUfwStatus(fixture('ufw-status.not-root.txt'))).toBeNull();
  });

  it('maps the incoming default', () => {
    expect(parseUfwStatus('Status: active\nDefault: reject (incoming), allow (outgoing), deny (routed)\n')).toEqual({
      active: true,
      incoming: 'reject',
    });
    expect([inboundOfUfw('deny'), inboundOfUfw('reject'), inboundOfUfw('allow'), inboundOfUfw(null)]).toEqual([
      'deny',
      'deny',
      'allow',
      'unknown',
    ]);
  });
});

describe('ufw configuration files', () => {
  it('reads ENABLED from ufw.conf', () => {
    expect(ufwConfEnabled(fixture('ufw.conf.debian-12.txt'))).toBe(false);
    expect(ufwConfEnabled(fixture('ufw.conf.enabled.txt'))).toBe(true);
    expect(ufwConfEnabled('# nothing\n')).toBeNull();
  });

  it('reads DEFAULT_INPUT_POLICY from /etc/default/ufw', () => {
    expect(ufwDefaultIncoming(fixture('default-ufw.debian-12.txt'))).toBe('deny');
    expect(ufwDefaultIncoming('DEFAULT_INPUT_POLICY="ACCEPT"\n')).toBe('allow');
  });
});
