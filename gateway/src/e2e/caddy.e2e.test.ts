/**
 * Issue 5 acceptance with a real Caddy (Debian package `caddy`, see scripts/system-deps.mjs):
 * `client_auth` with `require_and_verify` against the device CA, `forward_auth` to the gateway
 * passing `{http.request.tls.client.certificate_der_base64}`, identity headers copied to a sample
 * upstream. Admin API off, no automatic HTTPS, HOME/XDG dirs in the temp dir so Caddy writes
 * nothing outside it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyScenarios, type ProxyUnderTest } from '../test-support/proxy-scenarios.js';
import { createWorld, deviceRequest, freePort, waitForPort, type World } from '../test-support/proxy-world.js';

const CADDY = '/usr/bin/caddy';
let dir: string;
let world: World | undefined;
let caddy: ChildProcess | undefined;
let port = 0;

describe('real Caddy in front of the gateway', () => {
  beforeAll(async () => {
    if (!existsSync(CADDY)) throw new Error(`${CADDY} is missing: run "node scripts/system-deps.mjs" as root`);
    dir = mkdtempSync(join(tmpdir(), 'vigil-caddy-'));
    world = await createWorld(
      dir,
      (args) => execFileSync('openssl', args, { stdio: 'ignore', timeout: 10_000 }),
      'der-base64',
    );
    port = await freePort();
    const config = join(dir, 'Caddyfile');
    writeFileSync(config, caddyfile(world, port));
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CONFIG_HOME: join(dir, 'config'),
    };
    caddy = spawn(CADDY, ['run', '--config', config, '--adapter', 'caddyfile'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    caddy.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitForPort(port, 15_000, () => caddy?.exitCode === null).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
  });

  afterAll(async () => {
    await stopProcess(caddy);
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  proxyScenarios((): ProxyUnderTest => ({ world: world!, port }));

  it('refuses a TLS client without a device certificate before the gateway is asked', async () => {
    const res = await deviceRequest(world!, port, null).catch((error: Error) => ({ status: 0, body: error.message }));
    expect(res.status).toBe(0);
  });
});

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Mirrors gateway/examples/caddy/Caddyfile, with test paths and ports. */
function caddyfile(w: World, listen: number): string {
  return `{
	admin off
	auto_https off
	storage file_system ${join(dir, 'data')}
}

https://localhost:${listen} {
	bind 127.0.0.1
	tls ${w.server.cert} ${w.server.key} {
		protocols tls1.2 tls1.3
		client_auth {
			mode require_and_verify
			trusted_ca_cert_file ${w.deviceCa.cert}
		}
	}
	forward_auth 127.0.0.1:${w.gatewayPort} {
		uri /auth
		header_up X-Client-Cert {http.request.tls.client.certificate_der_base64}
		copy_headers X-Vigil-Device X-Vigil-Status
	}
	reverse_proxy 127.0.0.1:${w.upstreamPort}
}
`;
}
