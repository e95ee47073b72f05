// HTTPS for a virtual device: mTLS with its key and certificate, the service CA as the only
// trust anchor, TLS ≥ 1.2. By default every report cycle opens a new connection and closes it,
// resuming the TLS session of the device's previous cycle, as the agent does (its
// tls-session.json); --full-handshakes makes every cycle a full handshake with the client
// certificate (an agent without resumption, or tickets expired); --keep-alive keeps one
// connection per device instead. The TLS context (parsed key, certificate, CA: ~1.4 ms of CPU)
// is built once per device and reused, so the simulator does not pay it per cycle.
import { Agent, request } from 'node:https';
import { createSecureContext } from 'node:tls';

export class DeviceTransport {
  constructor({ keepAlive, fullHandshakes = false, timeoutMs }) {
    this.keepAlive = keepAlive;
    this.fullHandshakes = fullHandshakes;
    this.timeoutMs = timeoutMs;
  }

  /** A connection for one cycle; `close()` ends it unless connections are kept alive. */
  open(device) {
    device.secureContext ??= createSecureContext({
      key: device.keyPem,
      cert: device.certificate,
      ca: device.ca,
      minVersion: 'TLSv1.2',
    });
    // One agent per device unless every cycle is a full handshake: its session cache carries
    // the ticket from one cycle to the next (destroy() closes sockets, not the cache).
    const agent =
      this.fullHandshakes && !this.keepAlive
        ? newAgent(device.secureContext, false)
        : (device.agent ??= newAgent(device.secureContext, true));
    return {
      post: (path, headers = {}, body = '') => send(agent, `${device.url}${path}`, headers, body, this.timeoutMs),
      close: () => {
        if (!this.keepAlive) agent.destroy();
      },
    };
  }

  forget(device) {
    device.agent?.destroy();
    device.agent = undefined;
  }
}

/** An admin call (bearer token, no client certificate) on its own connection. */
export function postAdmin(url, ca, token, path, body = '') {
  const agent = new Agent({ ca, minVersion: 'TLSv1.2' });
  const headers = { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) };
  return send(agent, `${url}${path}`, headers, body, 30_000).finally(() => agent.destroy());
}

function newAgent(secureContext, resumeSessions) {
  // keepAlive within a cycle too: challenge and evidence share the connection, as with got.
  return new Agent({
    keepAlive: true,
    maxSockets: 1,
    secureContext,
    minVersion: 'TLSv1.2',
    maxCachedSessions: resumeSessions ? 1 : 0,
  });
}

/** POST; resolves {status, headers, text}, rejects with a coded Error on network failure. */
function send(agent, url, headers, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      rejectUnauthorized: true,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
