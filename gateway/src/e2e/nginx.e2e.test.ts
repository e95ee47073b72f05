/**
 * Issue 5 acceptance with a real nginx (Debian package `nginx`, see scripts/system-deps.mjs):
 * TLS with `ssl_verify_client on` against the device CA, `auth_request` to the gateway with
 * `$ssl_client_escaped_cert`, identity headers to a sample upstream, the gateway's explanation
 * page through `error_page`. nginx runs from a temp prefix (`-p`, `-e`: no global paths), in the
 * foreground.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyScenarios, type ProxyUnderTest } from '../test-support/proxy-scenarios.js';
import { createWorld, deviceRequest, freePort, waitForPort, type World } from '../test-support/proxy-world.js';

const NGINX = '/usr/sbin/nginx';
let dir: string;
let world: World | undefined;
let nginx: ChildProcess | undefined;
let port = 0;

describe('real nginx in front of the gateway', () => {
  beforeAll(async () => {
    if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: run "node scripts/system-deps.mjs" as root`);
    dir = mkdtempSync(join(tmpdir(), 'vigil-nginx-'));
    world = await createWorld(
      dir,
      (args) => execFileSync('openssl', args, { stdio: 'ignore', timeout: 10_000 }),
      'pem-urlencoded',
    );
    port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(world, port));
    nginx = spawn(
      NGINX,
      ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    nginx.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    await waitForPort(port, 10_000, () => nginx?.exitCode === null).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}${readLog()}`);
    });
  });

  afterAll(async () => {
    await stopProcess(nginx);
    await world?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  proxyScenarios((): ProxyUnderTest => ({ world: world!, port }));

  it('refuses a TLS client without a device certificate before the gateway is asked', async () => {
    const res = await deviceRequest(world!, port, null).catch((error: Error) => ({ status: 0, body: error.message }));
    expect(res.status === 400 || res.status === 0).toBe(true);
  });
});

function readLog(): string {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8');
  } catch {
    return '';
  }
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** Mirrors gateway/examples/nginx/vigil.conf, with test paths and ports. */
function nginxConf(w: World, listen: number): string {
  return `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  fastcgi_temp_path ${dir}/tmp-fastcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi;
  scgi_temp_path ${dir}/tmp-scgi;

  upstream vigil_gateway { server 127.0.0.1:${w.gatewayPort}; keepalive 8; }
  upstream app { server 127.0.0.1:${w.upstreamPort}; }

  server {
    listen 127.0.0.1:${listen} ssl;
    server_name localhost;
    ssl_certificate ${w.server.cert};
    ssl_certificate_key ${w.server.key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_client_certificate ${w.deviceCa.cert};
    ssl_verify_client on;
    ssl_verify_depth 1;

    location / {
      auth_request /_vigil/auth;
      auth_request_set $vigil_device $upstream_http_x_vigil_device;
      auth_request_set $vigil_status $upstream_http_x_vigil_status;
      auth_request_set $vigil_reason $upstream_http_x_vigil_reason;
      error_page 401 403 /_vigil/denied;
      proxy_set_header X-Vigil-Device $vigil_device;
      proxy_set_header X-Vigil-Status $vigil_status;
      proxy_set_header X-Client-Cert "";
      proxy_pass http://app;
    }

    location = /_vigil/auth {
      internal;
      proxy_pass http://vigil_gateway/auth;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Client-Cert $ssl_client_escaped_cert;
      proxy_set_header X-Original-URI $request_uri;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }

    location = /_vigil/denied {
      internal;
      proxy_pass http://vigil_gateway/denied?reason=$vigil_reason;
    }
  }
}
`;
}
