/**
 * TLS session resumption between cycles. Each cycle runs in a fresh process and opens a new
 * connection, so without this every report pays a full mTLS handshake: the service signs with
 * its key and verifies the device's certificate chain, several times the CPU of the report
 * itself (docs/benchmarks.md, fleet simulation). The last session ticket the service sent is
 * kept in the state directory and offered on the next connection; the service resumes it if it
 * is still valid (its `--tls-session-timeout`), else a full handshake happens as before.
 *
 * A session carries the client certificate it was made with, so the file is bound to the
 * service URL, its CA and the device certificate: after a renewal or a re-enrollment the old
 * session is never offered (the service would see the superseded certificate). The session
 * holds a resumption secret, so the file is 0600 like the device key beside it. Reading or
 * writing it never fails a push: a bad or unwritable file only costs a full handshake.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, type AgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';

/** TLS 1.3 tickets live at most 7 days (RFC 8446 §4.6.1); an older file is not worth offering. */
const MAX_AGE_MS = 7 * 86_400_000;
/** A serialized session is a few KiB; anything much larger is not one. */
const MAX_SESSION_BYTES = 16 * 1024;

export interface SessionBinding {
  serverUrl: string;
  caPem: string;
  clientCertPem: string;
}

export interface TlsSessionStore {
  load(): Buffer | undefined;
  save(session: Buffer): void;
  /** Forget the session, e.g. after the service refused the certificate it carries. */
  drop(): void;
}

export function fileSessionStore(path: string, binding: SessionBinding, now = () => Date.now()): TlsSessionStore {
  const key = createHash('sha256')
    .update(`${binding.serverUrl}\n${binding.caPem}\n${binding.clientCertPem}`)
    .digest('base64url');
  return {
    load() {
      try {
        const saved = JSON.parse(readFileSync(path, 'utf8')) as { key?: unknown; session?: unknown; savedAt?: unknown };
        if (saved.key !== key || typeof saved.session !== 'string' || typeof saved.savedAt !== 'number')
          return undefined;
        if (now() - saved.savedAt > MAX_AGE_MS || saved.savedAt > now() + 60_000) return undefined;
        const session = Buffer.from(saved.session, 'base64');
        return session.length > 0 && session.length <= MAX_SESSION_BYTES ? session : undefined;
      } catch {
        return undefined; // missing, unreadable or not ours: a full handshake, then overwritten
      }
    },
    save(session) {
      if (session.length > MAX_SESSION_BYTES) return;
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, JSON.stringify({ key, session: session.toString('base64'), savedAt: now() }), {
          mode: 0o600,
        });
        renameSync(temporary, path);
      } catch {
        rmSync(temporary, { force: true }); // a full disk costs the next cycle a full handshake, nothing more
      }
    },
    drop() {
      rmSync(path, { force: true });
    },
  };
}

/**
 * An https.Agent that offers the stored session on each new connection and stores every ticket
 * the service sends. Its own in-memory cache is off: the store is the single source.
 */
export class ResumingAgent extends Agent {
  constructor(
    options: AgentOptions,
    private readonly sessions: TlsSessionStore,
  ) {
    super({ ...options, maxCachedSessions: 0 });
  }

  override createConnection(
    options: Parameters<Agent['createConnection']>[0],
    callback?: Parameters<Agent['createConnection']>[1],
  ): Duplex {
    const session = this.sessions.load();
    const socket = super.createConnection({ ...options, ...(session ? { session } : {}) }, callback) as TLSSocket;
    socket.on('session', (ticket: Buffer) => this.sessions.save(ticket));
    return socket;
  }
}
