// Property-based tests of every antivirus reader (Linux, macOS, Windows): see docs/fuzzing.md.
import { AvProductSchema } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { fixtures } from '../__fixtures__/fuzz-inputs.js';
import { fuzzJsonParser, fuzzParser } from '../__fixtures__/fuzz-parser.js';
import { parseIsActive } from './linux-agents.js';
import { parseCsrutil, parseGatekeeper } from './parse-macos-protections.js';
import { parseWin32Av } from './parse-win32-av.js';

const read = (names: string[]) => fixtures(import.meta.url, names);

fuzzParser('spctl --status', {
  samples: read(['spctl-status.disabled.txt', 'spctl-status.enabled.txt']),
  parse: parseGatekeeper,
  passes: (enabled) => enabled === true,
});

const csrutil = read(['csrutil-status.custom.txt', 'csrutil-status.disabled.txt', 'csrutil-status.enabled.txt']);
fuzzParser('csrutil status', {
  samples: csrutil,
  parse: parseCsrutil,
  check: (sip) => {
    if (sip) expect(sip.detail.length).toBeLessThanOrEqual(500);
  },
  // A custom configuration lists each protection on its own line: losing a line is lossy here.
  passes: (sip) => sip?.enabled === true,
  lossyKinds: ['truncate', 'crlf', 'garble', 'delete-line'],
});

fuzzParser('systemctl is-active', {
  samples: read([
    'systemctl-is-active.active.txt',
    'systemctl-is-active.clamd-no-onaccess.txt',
    'systemctl-is-active.inactive.txt',
    'systemctl.no-systemd.stderr.txt',
  ]),
  parse: (text) => parseIsActive(text, ['clamav-daemon.service', 'clamav-clamonacc.service']),
  passes: (states) => states !== null && [...states.values()].every(Boolean),
});

fuzzJsonParser('antivirus script answer', {
  samples: read([
    'ps-av.defender-realtime-off-stale.json',
    'ps-av.server-no-securitycenter.json',
    'ps-av.third-party-defender-passive.json',
    'ps-av.defender-on.json',
  ]),
  parse: parseWin32Av,
  check: (reading) => {
    for (const product of reading?.products ?? []) expect(AvProductSchema.safeParse(product).error).toBeUndefined();
  },
});

describe('antivirus readers: regressions found by fuzzing', () => {
  it('does not read a cut-off custom SIP configuration as SIP on', () => {
    // The minimal counterexample of seed -288665771 (lossy-damage property).
    expect(parseCsrutil('System Integrity Protection status: unknown')).toBeNull();
    const [custom = ''] = csrutil;
    const cut = custom.slice(0, custom.indexOf('\tFilesystem Protections'));
    expect(parseCsrutil(custom)).toMatchObject({ enabled: false });
    expect(parseCsrutil(cut)).toBeNull();
    expect(
      parseCsrutil(custom.replace('Filesystem Protections: disabled', 'Filesystem Protections: enabled')),
    ).toMatchObject({
      enabled: true,
    });
  });
});
