import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { rollTicketKeys, ticketKeysFor } from './tls-tickets.js';

const secret = randomBytes(32);

describe('shared TLS ticket keys', () => {
  it('are the same for one secret and one UTC day, and differ across days and secrets', () => {
    const morning = ticketKeysFor(secret, new Date('2030-01-01T00:00:01Z'));
    expect(morning).toHaveLength(48);
    expect(ticketKeysFor(secret, new Date('2030-01-01T23:59:59Z'))).toEqual(morning);
    expect(ticketKeysFor(secret, new Date('2030-01-02T00:00:00Z'))).not.toEqual(morning);
    expect(ticketKeysFor(randomBytes(32), new Date('2030-01-01T12:00:00Z'))).not.toEqual(morning);
  });

  it('are installed at once and rolled just after midnight UTC, until stopped', () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T23:59:00Z') });
    try {
      const installed: Buffer[] = [];
      const roll = rollTicketKeys({ setTicketKeys: (keys) => installed.push(keys) }, secret);
      expect(installed).toEqual([ticketKeysFor(secret, new Date('2030-01-01T12:00:00Z'))]);
      vi.advanceTimersByTime(60_000);
      expect(installed).toHaveLength(1);
      vi.advanceTimersByTime(1_000);
      expect(installed).toHaveLength(2);
      expect(installed[1]).toEqual(ticketKeysFor(secret, new Date('2030-01-02T12:00:00Z')));
      roll.stop();
      vi.advanceTimersByTime(2 * 86_400_000);
      expect(installed).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
