/**
 * Static checks of the Linux installer sources, so a hardening directive cannot disappear
 * unnoticed (systemd-analyze verify in deb.e2e.test.ts only proves the unit parses).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../installers/linux/', import.meta.url));
const unit = readFileSync(`${dir}vigil-agent.service`, 'utf8');
const directives = new Map(
  unit
    .split('\n')
    .filter((line) => /^\w+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
);

describe('vigil-agent.service', () => {
  it.each([
    ['ExecStart', '/usr/bin/vigil run'],
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'read-only'],
    ['ReadWritePaths', '/var/lib/vigil /run/vigil'],
    ['PrivateTmp', 'yes'],
    ['RestrictAddressFamilies', 'AF_UNIX AF_INET AF_INET6 AF_NETLINK'],
    ['CapabilityBoundingSet', 'CAP_NET_ADMIN CAP_NET_RAW'],
    ['ProtectKernelTunables', 'yes'],
    ['ProtectControlGroups', 'yes'],
    ['LockPersonality', 'yes'],
    ['RestrictRealtime', 'yes'],
    ['RestrictSUIDSGID', 'yes'],
    ['SystemCallArchitectures', 'native'],
    ['Restart', 'on-failure'],
    ['RuntimeDirectory', 'vigil'],
    ['RuntimeDirectoryMode', '0755'],
    ['StateDirectory', 'vigil'],
    ['StateDirectoryMode', '0700'],
  ])('sets %s=%s', (key, value) => {
    expect(directives.get(key)).toBe(value);
  });

  it('bounds restarts so a broken agent cannot crash-loop', () => {
    expect(Number(directives.get('StartLimitBurst'))).toBeGreaterThan(0);
    expect(Number(directives.get('StartLimitIntervalSec'))).toBeGreaterThan(0);
    expect(directives.get('RestartSec')).toMatch(/^\d+s$/);
    expect(directives.has('MemoryDenyWriteExecute')).toBe(false); // V8's JIT
  });
});

describe('vigil-agent.user.service (personal devices)', () => {
  const userUnit = readFileSync(`${dir}vigil-agent.user.service`, 'utf8');
  const code = (file: string) =>
    readFileSync(`${dir}${file}`, 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('#'))
      .join('\n');

  it('runs the packaged launcher and is wanted by the user session', () => {
    expect(userUnit).toMatch(/^ExecStart=\/usr\/bin\/vigil run$/m);
    expect(userUnit).toMatch(/^WantedBy=default\.target$/m);
  });

  it('no install script enables a user unit for every user', () => {
    for (const file of ['debian/postinst', 'rpm/vigil-agent.spec']) {
      expect(code(file)).not.toMatch(/--user|--global|systemd_user/);
    }
  });
});

describe('maintainer scripts and launcher', () => {
  it.each(['debian/postinst', 'debian/prerm', 'debian/postrm', 'vigil'])('%s is valid POSIX sh', (file) => {
    const check = spawnSync('sh', ['-n', `${dir}${file}`], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  it('purge removes the state, the configuration and the runtime directory', () => {
    expect(readFileSync(`${dir}debian/postrm`, 'utf8')).toMatch(
      /purge[\s\S]*rm -rf \/var\/lib\/vigil \/etc\/vigil \/run\/vigil/,
    );
  });

  it('the launcher runs the app folder with the system node by absolute path', () => {
    expect(readFileSync(`${dir}vigil`, 'utf8')).toContain('exec /usr/bin/node /usr/lib/vigil/bin/vigil.js "$@"');
  });
});
