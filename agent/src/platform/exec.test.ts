import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createExec,
  DARWIN_TOOLS,
  exec,
  formatCommand,
  LINUX_TOOLS,
  toolsFor,
  WIN32_TOOLS,
  type ExecOutcome,
} from './exec.js';

const TEST_TOOLS = {
  sh: ['/bin/sh', '/usr/bin/sh'],
  head: ['/usr/bin/head', '/bin/head'],
  printf: ['/usr/bin/printf', '/bin/printf'],
  absent: ['/nonexistent/vigil-test-tool'],
} as const;
const run = createExec(TEST_TOOLS);

/** Gone, or a zombie waiting for an init that reaps lazily: either way no longer running. */
async function isDeadWithin(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
    if (stat === null || /^\d+ \(.*\) Z/.test(stat)) return true;
  }
  return false;
}

function failed(outcome: ExecOutcome) {
  if (outcome.ok) throw new Error(`expected a failure, got exit ${outcome.exitCode}`);
  return outcome.error;
}

describe.runIf(process.platform === 'linux')('exec (POSIX)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-exec-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes argv verbatim, without a shell', async () => {
    const outcome = await run('printf', ['%s|%s', '$(id) `id`', 'a; b && c']);
    expect(outcome).toMatchObject({ ok: true, stdout: '$(id) `id`|a; b && c', exitCode: 0 });
    expect(outcome.command).toMatch(/^\/(usr\/)?bin\/printf '%s\|%s' /);
  });

  it('returns a non-zero exit code as data', async () => {
    expect(await run('sh', ['-c', 'echo out; echo err >&2; exit 100'])).toMatchObject({
      ok: true,
      exitCode: 100,
      stdout: 'out\n',
      stderr: 'err\n',
    });
  });

  it('reports a missing tool as a typed result, not a throw', async () => {
    const error = failed(await run('absent', []));
    expect(error).toMatchObject({ name: 'ExecError', code: 'VIGIL_EXEC_NOT_FOUND' });
    expect(error.toJSON()).toEqual({
      code: 'VIGIL_EXEC_NOT_FOUND',
      message: expect.stringContaining('/nonexistent/vigil-test-tool'),
    });
  });

  it('gives the child a minimal, non-localized environment', async () => {
    const outcome = await run('sh', ['-c', 'env']);
    if (!outcome.ok) throw outcome.error;
    const env = Object.fromEntries(
      outcome.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('=', 2) as [string, string]),
    );
    expect(env).toMatchObject({ LC_ALL: 'C', LANG: 'C', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' });
    // Only what we set plus what sh sets itself: nothing inherited from the agent.
    expect(
      Object.keys(env).filter((key) => !['LC_ALL', 'LANG', 'PATH', 'PWD', 'OLDPWD', 'SHLVL', '_'].includes(key)),
    ).toEqual([]);
  });

  it('passes only the allowlisted session variables, for per-user tools', async () => {
    const sessionEnv = {
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus',
      HOME: '/home/ada',
      LD_PRELOAD: '/tmp/evil.so',
    };
    const outcome = await run('sh', ['-c', 'env'], { sessionEnv: sessionEnv as never });
    if (!outcome.ok) throw outcome.error;
    expect(outcome.stdout).toContain('DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus\n');
    expect(outcome.stdout).toContain('HOME=/home/ada\n');
    expect(outcome.stdout).not.toContain('LD_PRELOAD');
  });

  it('kills the whole process group on timeout', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const started = Date.now();
    const error = failed(await run('sh', ['-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 300 }));
    expect(error.code).toBe('VIGIL_EXEC_TIMEOUT');
    // Had only sh been killed, the grandchild would hold stdout open for 30 s.
    expect(Date.now() - started).toBeLessThan(5_000);
    const grandchild = Number((await readFile(pidFile, 'utf8')).trim());
    expect(await isDeadWithin(grandchild, 2_000)).toBe(true);
  });

  it('caps the output', async () => {
    const error = failed(await run('head', ['-c', '3000000', '/dev/zero'], { maxOutputBytes: 1024 * 1024 }));
    expect(error.code).toBe('VIGIL_EXEC_OUTPUT_TOO_LARGE');
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const pending = run('sh', ['-c', 'sleep 30'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(failed(await pending).code).toBe('VIGIL_EXEC_ABORTED');
    const aborted = new AbortController();
    aborted.abort();
    expect(failed(await run('sh', ['-c', 'true'], { signal: aborted.signal })).code).toBe('VIGIL_EXEC_ABORTED');
  });

  it('refuses binaries that someone other than root could replace', async () => {
    const script = join(dir, 'tool.sh');
    await writeFile(script, '#!/bin/sh\necho ran\n');
    const local = createExec({ tool: [script] });
    await chmod(script, 0o777);
    expect(failed(await local('tool', [])).code).toBe('VIGIL_EXEC_NOT_FOUND');
    // Resolution happens once per runner: a fresh one sees the fixed mode.
    await chmod(script, 0o755);
    const trusted = await createExec({ tool: [script] })('tool', []);
    expect(trusted).toMatchObject(process.getuid?.() === 0 ? { ok: true, stdout: 'ran\n' } : { ok: false });
  });

  it('runs a production tool', async () => {
    expect(await exec('uname', ['-r'])).toMatchObject({
      ok: true,
      exitCode: 0,
      command: expect.stringMatching(/^\/(usr\/)?bin\/uname -r$/),
    });
  });
});

describe('exec allowlist', () => {
  it('lists absolute candidates only, and rejects relative ones at creation', () => {
    for (const candidates of Object.values<readonly string[]>(LINUX_TOOLS)) {
      for (const path of candidates) expect(path.startsWith('/')).toBe(true);
    }
    expect(() => createExec({ bad: ['nft'] })).toThrow(TypeError);
    for (const candidates of Object.values<readonly string[]>(DARWIN_TOOLS)) {
      expect(candidates).toHaveLength(1); // macOS tools live at one fixed path
      for (const path of candidates) expect(path).toMatch(/^\/(usr|System|bin)\//);
    }
    expect(WIN32_TOOLS.powershell).toEqual(['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe']);
    expect(() => createExec(toolsFor('win32'))).not.toThrow();
  });

  it("gives another platform's tools no candidates", async () => {
    expect(toolsFor('linux').fdesetup).toEqual([]);
    expect(toolsFor('darwin').nft).toEqual([]);
    expect(toolsFor('win32').uname).toEqual([]);
    const outcome = await createExec(toolsFor('win32'))('uname', ['-r']);
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'VIGIL_EXEC_NOT_FOUND', message: expect.stringContaining('not a tool of this platform') },
    });
  });

  it('refuses a tool outside the allowlist', async () => {
    await expect(run('rm' as 'sh', ['-rf', '/'])).rejects.toThrow(/not in the allowlist/);
  });

  it('formats commands for evidence', () => {
    expect(formatCommand('/usr/sbin/nft', ['-j', 'list', 'ruleset'])).toBe('/usr/sbin/nft -j list ruleset');
    expect(formatCommand('/usr/bin/apt-config', ['shell', 'UU', 'APT::Periodic::Unattended-Upgrade'])).toBe(
      '/usr/bin/apt-config shell UU APT::Periodic::Unattended-Upgrade',
    );
    expect(formatCommand('/bin/sh', ['-c', "it's"])).toBe(`/bin/sh -c 'it'\\''s'`);
  });
});
