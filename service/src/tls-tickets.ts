/**
 * TLS session-ticket keys that replicas share, so an agent resumes its session whichever
 * replica the balancer sends it to (docs/service.md#tls-session-resumption). Node gives each
 * process random ticket keys: with N replicas behind a TLS-passthrough balancer only about 1/N
 * of resumptions would succeed. Each UTC day's keys are derived (HKDF-SHA256) from one secret
 * kept with the other shared key material, so every replica computes the same keys without
 * talking to the others, and they roll at midnight UTC: a ticket from the day before then costs
 * one full handshake, and a leaked day's keys expose that day's tickets only.
 */
import { hkdfSync } from 'node:crypto';

/** Node's ticket key block: 16 bytes name, 16 bytes HMAC key, 16 bytes AES key. */
const TICKET_KEYS_BYTES = 48;
const DAY_MS = 86_400_000;

export function ticketKeysFor(secret: Buffer, at: Date): Buffer {
  const day = Math.floor(at.getTime() / DAY_MS);
  return Buffer.from(
    hkdfSync('sha256', secret, Buffer.alloc(0), `vigil tls ticket keys, day ${day}`, TICKET_KEYS_BYTES),
  );
}

/** Installs today's keys and rolls them at every UTC midnight until stopped. */
export function rollTicketKeys(
  server: { setTicketKeys(keys: Buffer): void },
  secret: Buffer,
  now: () => Date = () => new Date(),
): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const install = () => {
    const at = now();
    server.setTicketKeys(ticketKeysFor(secret, at));
    // A second past midnight, so a clock a little behind still lands in the new day.
    const untilMidnight = DAY_MS - (at.getTime() % DAY_MS) + 1000;
    timer = setTimeout(install, untilMidnight);
    timer.unref();
  };
  install();
  return { stop: () => clearTimeout(timer) };
}
