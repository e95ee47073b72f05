/**
 * The world a real reverse proxy is tested in: a device CA with two enrolled devices, a server
 * certificate for the proxy, the service's signing key and JWKS file, the gateway (started from
 * CLI flags, in-process) and an upstream that echoes the identity headers it receives. Starting
 * the proxy itself is left to the e2e test (only those may spawn processes).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseStartArgs } from '../cli/options.js';
import { buildGateway } from '../server/build-gateway.js';
import type { ForwardAuthServer } from '../server/forward-auth-server.js';
import { AUDIENCE, DEVICE_ID, ISSUER, OTHER_DEVICE_ID, serviceKey, type ServiceKey } from './ear.js';
import { TestPki, type Issued, type RunOpenssl } from './pki.js';

export interface World {
  dir: string;
  serverCa: Issued;
  server: Issued;
  deviceCa: Issued;
  deviceA: Issued;
  deviceB: Issued;
  key: ServiceKey;
  gatewayPort: number;
  upstreamPort: number;
  stop(): Promise<void>;
}

export async function createWorld(dir: string, openssl: RunOpenssl, certFormat: string): Promise<World> {
  const pki = new TestPki(dir, openssl);
  const serverCa = pki.ca('server-ca');
  const deviceCa = pki.ca('device-ca');
  const world = {
    dir,
    serverCa,
    server: pki.server('proxy', serverCa),
    deviceCa,
    deviceA: pki.device('device-a', deviceCa, DEVICE_ID),
    deviceB: pki.device('device-b', deviceCa, OTHER_DEVICE_ID),
    key: await serviceKey(),
  };
  const jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify(world.key.jwks));
  const { config } = parseStartArgs([
    ...['--jwks', jwksFile, '--issuer', ISSUER, '--audience', AUDIENCE, '--port', '0', '--cert-format', certFormat],
  ]);
  const gateway: ForwardAuthServer = await buildGateway(config);
  const gatewayPort = (await gateway.start()).port;
  const upstream: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ upstream: true, device: req.headers['x-vigil-device'], status: req.headers['x-vigil-status'] }),
    );
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamPort = (upstream.address() as AddressInfo).port;
  return {
    ...world,
    gatewayPort,
    upstreamPort,
    stop: async () => {
      await gateway.stop(1_000);
      upstream.closeAllConnections();
      await new Promise((resolve) => upstream.close(resolve));
    },
  };
}

/** A port that was free a moment ago (for proxies that cannot report the one they bound). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTPS request through the proxy as a device (its client certificate) presenting `token`. */
export function deviceRequest(
  world: World,
  port: number,
  device: Issued | null,
  headers: Record<string, string> = {},
  path = '/app',
): Promise<ProxyResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        ca: world.serverCa.certPem,
        servername: 'localhost',
        ...(device ? { cert: device.certPem, key: device.keyPem } : {}),
        // Caddy insists that Host match the SNI name on client-authenticated connections (421 otherwise).
        headers: { host: `localhost:${port}`, ...headers },
        agent: false,
        timeout: 5_000,
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** Resolves once something accepts TCP connections on the port; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('the proxy exited before it listened');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}
