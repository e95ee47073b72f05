/**
 * Helpers for the personal-mode (BYOD) end-to-end tests: a TCP relay in front of the real
 * service that counts connections (so "the service saw no request" is a measured zero), the
 * service's own records, an admin call to narrow its policy, and a scan of decoded evidence
 * for this machine's identifiers.
 */
import { request } from 'node:https';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { hostname, networkInterfaces, userInfo } from 'node:os';
import Database from 'better-sqlite3';

export interface CountingRelay {
  url: string;
  connections(): number;
  close(): Promise<void>;
}

/** Forwards every TCP connection to the service and counts them; TLS passes through untouched. */
export async function countingRelay(serviceUrl: string): Promise<CountingRelay> {
  const target = new URL(serviceUrl);
  let count = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    count++;
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const url = new URL(serviceUrl);
  url.port = String(port);
  return {
    url: url.toString().replace(/\/$/, ''),
    connections: () => count,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

function serviceDb(dataDir: string): Database.Database {
  return new Database(`${dataDir}/vigil-service.sqlite`, { readonly: true, fileMustExist: true });
}

export function serviceDevices(dataDir: string): { id: string; status: string; ownership: string | null }[] {
  const db = serviceDb(dataDir);
  try {
    return db.prepare('SELECT id, status, ownership FROM devices ORDER BY enrolled_at').all() as never;
  } finally {
    db.close();
  }
}

/** What the service stored for each accepted report of a device, oldest first. */
export function servicePostures(dataDir: string, deviceId: string): { seq: number; posture: string }[] {
  const db = serviceDb(dataDir);
  try {
    return db.prepare('SELECT seq, posture FROM reports WHERE device_id = ? ORDER BY id').all(deviceId) as never;
  } finally {
    db.close();
  }
}

/** PUT /v1/admin/policy with an admin token, over HTTPS pinned to the service CA. */
export function putPolicy(serviceUrl: string, caPem: string, adminToken: string, policy: unknown): Promise<number> {
  const body = JSON.stringify(policy);
  return new Promise((resolve, reject) => {
    const req = request(
      `${serviceUrl}/v1/admin/policy`,
      {
        method: 'PUT',
        ca: caPem,
        headers: {
          authorization: `Bearer ${adminToken}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The decoded payload of a compact JWS. */
export function payloadOf(jws: string): string {
  return Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8');
}

const word = (text: string) =>
  new RegExp(`(?<![A-Za-z0-9_])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`, 'i');

/**
 * This machine's host name, the given account names (default: the one running the test) and
 * every MAC address in colon, dash and bare form. Returns the labels of those found in `text`.
 */
export function identifiersIn(text: string, accounts: string[] = [userInfo().username]): string[] {
  const macs = [
    ...new Set(
      Object.values(networkInterfaces())
        .flatMap((list) => list ?? [])
        .map((address) => address.mac.toLowerCase())
        .filter((mac) => mac !== '00:00:00:00:00:00'),
    ),
  ];
  const probes: [string, RegExp][] = [
    [`host name ${hostname()}`, word(hostname())],
    ...accounts.map((name): [string, RegExp] => [`user name ${name}`, word(name)]),
    ...macs.flatMap((mac): [string, RegExp][] => [
      [`MAC ${mac}`, new RegExp(mac, 'i')],
      [`MAC ${mac} (dashes)`, new RegExp(mac.replaceAll(':', '-'), 'i')],
      [`MAC ${mac} (bare)`, new RegExp(mac.replaceAll(':', ''), 'i')],
    ]),
  ];
  return probes.filter(([, pattern]) => pattern.test(text)).map(([label]) => label);
}
