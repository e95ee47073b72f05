/**
 * A TCP proxy between the agent and the service that breaks the network on demand. It forwards
 * raw bytes (TLS passes through untouched, so the agent still verifies the real service), and
 * in each mode fails the way real networks do:
 *   pass     forward both ways
 *   refuse   nothing listens on the port: connect() gets ECONNREFUSED
 *   hang     accept the connection, then never send a byte (a dead middlebox, a blackhole)
 *   reset    forward, then answer with a TCP RST once the client has sent `resetAfterBytes`
 *   drip     forward requests, but hand responses back one byte every `dripMs` (a bad link)
 *   hold     forward requests and the TLS handshake, but keep every later response byte until
 *            released (an answer lost on the way back)
 * Switching modes drops the connections of the previous mode, as a real outage would.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'hang' | 'reset' | 'drip' | 'hold';

export interface FaultProxy {
  port: number;
  url: string;
  mode(): ProxyMode;
  setMode(mode: ProxyMode): Promise<void>;
  /** Connections accepted in each mode so far (a fault that saw no traffic proves nothing). */
  accepted(mode: ProxyMode): number;
  /** Connections the proxy reset in `reset` mode. */
  resets(): number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  resetAfterBytes?: number;
  dripMs?: number;
}

export async function startFaultProxy(target: number, options: ProxyOptions = {}): Promise<FaultProxy> {
  const resetAfter = options.resetAfterBytes ?? 2048;
  const dripMs = options.dripMs ?? 200;
  let mode: ProxyMode = 'pass';
  let resets = 0;
  const counts = new Map<ProxyMode, number>();
  const live = new Set<Socket>();
  const track = (socket: Socket) => {
    live.add(socket);
    socket.once('close', () => live.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const onConnection = (client: Socket) => {
    track(client);
    counts.set(mode, (counts.get(mode) ?? 0) + 1);
    if (mode === 'hang') return; // accepted, never answered: only the client's timeout ends it
    const upstream = connect(target, '127.0.0.1');
    track(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.once('close', close);
    upstream.once('close', close);
    let sent = 0;
    let chunks = 0;
    const current = mode;
    client.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      chunks++;
      if (current === 'reset' && sent >= resetAfter) {
        // Part of the request is through; the rest never arrives and the client sees a reset.
        upstream.write(chunk.subarray(0, Math.max(0, chunk.length - (sent - resetAfter))));
        resets++;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    if (current === 'drip') {
      const queue: number[] = [];
      const timer = setInterval(() => {
        const byte = queue.shift();
        if (byte !== undefined && !client.destroyed) client.write(Buffer.of(byte));
      }, dripMs);
      client.once('close', () => clearInterval(timer));
      upstream.on('data', (chunk: Buffer) => queue.push(...chunk));
    } else if (current === 'hold') {
      // The client's first two flights are its ClientHello and its Finished: what the server
      // sends after those is the answer to a request (and TLS 1.3 session tickets).
      const held: Buffer[] = [];
      upstream.on('data', (chunk: Buffer) => (chunks < 2 ? client.write(chunk) : held.push(chunk)));
      releases.add(() => {
        for (const chunk of held.splice(0)) client.write(chunk);
        upstream.on('data', (chunk: Buffer) => client.write(chunk));
      });
    } else {
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
    }
  };
  const releases = new Set<() => void>();

  let server: Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        server = next;
        const address = next.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  const unlisten = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      if (!current) return resolve();
      current.close(() => resolve());
    });
  const dropAll = () => {
    for (const socket of live) socket.destroy();
    live.clear();
    releases.clear();
  };

  const port = await listen(0);
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    mode: () => mode,
    async setMode(next) {
      if (next === mode) return;
      const wasHold = mode === 'hold';
      if (wasHold && next === 'pass') {
        // Release what was held instead of dropping it: the "lost" answer arrives after all.
        for (const release of releases) release();
        releases.clear();
      } else {
        dropAll();
      }
      mode = next;
      if (next === 'refuse') await unlisten();
      else if (!server) await listen(port);
    },
    accepted: (which) => counts.get(which) ?? 0,
    resets: () => resets,
    async close() {
      dropAll();
      await unlisten();
    },
  };
}
