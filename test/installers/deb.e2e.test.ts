/**
 * Issue 8 acceptance: build the Linux packages from this workspace, install the .deb on this
 * machine, run the installed agent, verify the unit, purge, and prove nothing is left. It needs
 * root and dpkg (CI is a Debian machine running as root); elsewhere the install part is skipped
 * with the reason. It never replaces a vigil-agent that was installed before the test. On a
 * machine where systemd runs, the postinst starts the agent service for the few seconds until
 * the purge, exactly as a real install would. The user unit (personal devices) is shipped but
 * enabled for nobody.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, CheckOutputSchema } from '@vigil/shared';

const root = fileURLToPath(new URL('../..', import.meta.url));
const USER_UNIT = '/usr/lib/systemd/user/vigil-agent.service';
/** Where an install that enabled the user unit for every user would leave a trace. */
const USER_UNIT_ENABLED_GLOBALLY = [
  '/etc/systemd/user/default.target.wants/vigil-agent.service',
  '/var/lib/systemd/deb-systemd-user-helper-enabled/vigil-agent.service.dsh-also',
  '/var/lib/systemd/deb-systemd-user-helper-enabled/default.target.wants/vigil-agent.service',
];
const run = (command: string, args: string[]): SpawnSyncReturns<string> =>
  spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
const has = (tool: string) => run('sh', ['-c', `command -v ${tool}`]).status === 0;
const installed = () => /install ok installed/.test(run('dpkg-query', ['-W', '-f=${Status}', 'vigil-agent']).stdout);

const canBuild = has('dpkg-deb');
const isRoot = process.getuid?.() === 0;
const installSkip = !canBuild
  ? 'no dpkg'
  : !isRoot
    ? 'not root'
    : installed()
      ? 'a vigil-agent is already installed here'
      : '';
if (installSkip) console.warn(`deb.e2e: install checks skipped: ${installSkip}`);

/** Everything the package puts on the machine, plus what its scripts create. */
const FOOTPRINT = [
  '/usr/lib/vigil',
  '/usr/bin/vigil',
  '/usr/lib/systemd/system/vigil-agent.service',
  '/lib/systemd/system/vigil-agent.service',
  USER_UNIT,
  '/lib/systemd/user/vigil-agent.service',
  ...USER_UNIT_ENABLED_GLOBALLY,
  '/etc/vigil',
  '/etc/xdg/autostart/vigil-tray.desktop',
  '/var/lib/vigil',
  '/run/vigil',
  '/usr/share/doc/vigil-agent',
  '/etc/systemd/system/multi-user.target.wants/vigil-agent.service',
  '/var/lib/systemd/deb-systemd-helper-enabled/vigil-agent.service.dsh-also',
  '/var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/vigil-agent.service',
  '/var/lib/dpkg/info/vigil-agent.list',
];
/** existsSync follows symlinks; a dangling enablement link is still something left behind. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!canBuild)('vigil-agent Linux packages', () => {
  let out = '';
  const version = (JSON.parse(readFileSync(join(root, 'agent', 'package.json'), 'utf8')) as { version: string })
    .version;
  let deb = '';
  let rpm: string | null = null;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'vigil-packages-'));
    const started = performance.now();
    const args = ['scripts/package/package-linux.mjs', '--out', out, ...(has('rpmbuild') ? [] : ['--no-rpm'])];
    const build = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, `${build.stdout}${build.stderr}`).toBe(0);
    console.log(`${build.stdout.trim()}\n(package build ${Math.round(performance.now() - started)} ms)`);
    deb = /^built (\S+\.deb) /m.exec(build.stdout)?.[1] ?? '';
    rpm = /^built (\S+\.rpm) /m.exec(build.stdout)?.[1] ?? null;
    expect(deb).toMatch(/vigil-agent_.+_(amd64|arm64)\.deb$/);
  }, 150_000);

  afterAll(() => {
    // Even after a failure: never leave a half-tested agent installed on the machine (but never
    // touch one that was there before the test).
    if (!installSkip && run('dpkg-query', ['-W', 'vigil-agent']).status === 0) run('dpkg', ['--purge', 'vigil-agent']);
    if (out) rmSync(out, { recursive: true, force: true });
  }, 60_000);

  it('builds a .deb that depends on the Node.js major it was built with', () => {
    const info = run('dpkg-deb', ['--field', deb, 'Package', 'Version', 'Architecture', 'Depends']).stdout;
    const major = Number(process.versions.node.split('.')[0]);
    expect(info).toContain('Package: vigil-agent');
    expect(info).toContain(`Version: ${version.replace('-', '~')}`);
    expect(info).toContain(`nodejs (<< ${major + 1})`);
    const listing = run('dpkg-deb', ['--contents', deb]).stdout;
    expect(listing).toMatch(/^drwx------ root\/root .* \.\/var\/lib\/vigil\/$/m);
    expect(listing).toMatch(/^drwxr-xr-x root\/root .* \.\/etc\/vigil\/$/m);
    expect(listing).toMatch(/^-rwxr-xr-x root\/root .* \.\/usr\/bin\/vigil$/m);
    expect(listing).toMatch(/^-rw-r--r-- root\/root .* \.\/usr\/lib\/systemd\/user\/vigil-agent\.service$/m);
    expect(listing).toContain('./usr/lib/vigil/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(listing).not.toMatch(/better-sqlite3\/(deps|src)\//);
  });

  it.skipIf(installSkip !== '')(
    'installs, and the installed agent runs from its own files',
    () => {
      // The dependency is on the distribution's nodejs package; CI machines whose node is not a
      // dpkg package (a tarball in /usr/local) install with --force-depends and say so.
      const nodePkg = run('dpkg-query', ['-W', '-f=${Version}', 'nodejs']);
      const major = Number(process.versions.node.split('.')[0]);
      const satisfiable =
        nodePkg.status === 0 &&
        run('dpkg', ['--compare-versions', nodePkg.stdout, 'ge', '20.19']).status === 0 &&
        run('dpkg', ['--compare-versions', nodePkg.stdout, 'lt', String(major + 1)]).status === 0;
      if (!satisfiable) console.warn('deb.e2e: nodejs is not a dpkg package here: installing with --force-depends');
      const install = run('dpkg', ['-i', ...(satisfiable ? [] : ['--force-depends']), deb]);
      expect(install.status, install.stderr).toBe(0);
      expect(installed()).toBe(true);

      expect(statSync('/var/lib/vigil').mode & 0o777).toBe(0o700);
      expect(statSync('/etc/vigil').mode & 0o777).toBe(0o755);
      expect(statSync('/usr/bin/vigil').mode & 0o777).toBe(0o755);
      expect(readFileSync('/etc/xdg/autostart/vigil-tray.desktop', 'utf8')).toContain('TryExec=');
      // The user unit is the one from installers/linux, 0644, and enabled for nobody.
      expect(statSync(USER_UNIT).mode & 0o777).toBe(0o644);
      expect(readFileSync(USER_UNIT, 'utf8')).toBe(
        readFileSync(join(root, 'installers', 'linux', 'vigil-agent.user.service'), 'utf8'),
      );
      expect(USER_UNIT_ENABLED_GLOBALLY.filter(present)).toEqual([]);
      if (has('systemctl')) {
        expect(run('systemctl', ['--global', 'is-enabled', 'vigil-agent.service']).stdout.trim()).toBe('disabled');
      }

      const versionRun = run('/usr/bin/vigil', ['--version']);
      expect(versionRun.status, versionRun.stderr).toBe(0);
      expect(versionRun.stdout.trim()).toBe(version);

      // Exit 0 (compliant) or 1 (noncompliant) are verdicts; 2 and above are failures.
      const check = run('/usr/bin/vigil', ['check', '--json']);
      expect(check.status, check.stderr).toBeLessThanOrEqual(1);
      const output = CheckOutputSchema.parse(JSON.parse(check.stdout));
      expect(output.report.agent.version).toBe(version);
      expect(Object.keys(output.report.observations).every((id) => (CHECK_IDS as readonly string[]).includes(id))).toBe(
        true,
      );
    },
    60_000,
  );

  it.skipIf(installSkip !== '' || !has('systemd-analyze'))('ships units that systemd-analyze verify accepts', () => {
    const verify = run('systemd-analyze', ['verify', '/usr/lib/systemd/system/vigil-agent.service']);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stderr.trim()).toBe('');
    // A user manager needs a runtime dir; root in CI has no login session to lend one.
    const runtimeDir = mkdtempSync(join(tmpdir(), 'vigil-user-runtime-'));
    try {
      const user = spawnSync('systemd-analyze', ['--user', 'verify', USER_UNIT], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir },
      });
      expect(user.status, user.stderr).toBe(0);
      expect(user.stderr.trim()).toBe('');
    } finally {
      rmSync(runtimeDir, { recursive: true, force: true });
    }
  });

  it.skipIf(installSkip !== '')(
    'purges without leaving anything behind',
    () => {
      const purge = run('dpkg', ['--purge', 'vigil-agent']);
      expect(purge.status, purge.stderr).toBe(0);
      expect(run('dpkg-query', ['-W', 'vigil-agent']).status).not.toBe(0);
      expect(FOOTPRINT.filter(present)).toEqual([]);
    },
    60_000,
  );

  it.skipIf(!has('rpmbuild'))('builds an .rpm that lists the same files', () => {
    expect(rpm).toMatch(/vigil-agent-.+\.(x86_64|aarch64)\.rpm$/);
    const files = run('rpm', ['-qlp', rpm!]).stdout.split('\n');
    for (const path of [
      '/usr/bin/vigil',
      '/usr/lib/systemd/system/vigil-agent.service',
      USER_UNIT,
      '/etc/xdg/autostart/vigil-tray.desktop',
      '/etc/vigil',
      '/var/lib/vigil',
      '/usr/lib/vigil/bin/vigil.js',
      '/usr/lib/vigil/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    ]) {
      expect(files).toContain(path);
    }
    expect(
      files.filter(
        (file) =>
          !/^\/(usr\/(bin\/vigil|lib\/vigil|lib\/systemd\/(system|user)\/vigil-agent\.service$|share\/doc\/vigil-agent)|etc\/(vigil|xdg\/autostart\/vigil-tray)|var\/lib\/vigil)/.test(
            file,
          ) && file !== '',
      ),
    ).toEqual([]);
    const modes = run('rpm', ['-qlvp', rpm!]).stdout;
    expect(modes).toMatch(/^drwx------ .* \/var\/lib\/vigil$/m);
    expect(modes).toMatch(/^-rw-r--r-- .* \/usr\/lib\/systemd\/user\/vigil-agent\.service$/m);
    expect(run('rpm', ['-qp', '--requires', rpm!]).stdout).toContain('/usr/bin/node');
  });
});
