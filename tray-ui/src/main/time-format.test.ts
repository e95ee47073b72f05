import { describe, expect, it } from 'vitest';
import { formatAgo, formatCountdown, formatWhen } from './time-format.js';

const now = new Date('2025-01-06T10:00:00.000Z'); // a Monday
const ctx = { now, timeZone: 'UTC' };

describe('time formatting', () => {
  it('says how long ago', () => {
    expect(formatAgo(new Date('2025-01-06T09:59:30Z'), now)).toBe('just now');
    expect(formatAgo(new Date('2025-01-06T10:00:30Z'), now)).toBe('just now');
    expect(formatAgo(new Date('2025-01-06T09:48:00Z'), now)).toBe('12 min ago');
    expect(formatAgo(new Date('2025-01-06T03:00:00Z'), now)).toBe('7 h ago');
    expect(formatAgo(new Date('2025-01-03T10:00:00Z'), now)).toBe('3 d ago');
  });

  it('names the day only when it is not today', () => {
    expect(formatWhen(new Date('2025-01-06T15:30:00Z'), ctx)).toBe('15:30');
    expect(formatWhen(new Date('2025-01-07T09:05:00Z'), ctx)).toBe('Tue 09:05');
    expect(formatWhen(new Date('2025-01-20T09:05:00Z'), ctx)).toBe('20 Jan 09:05');
    expect(formatWhen(new Date('2025-01-06T15:30:00Z'), { now, timeZone: 'Asia/Tokyo' })).toBe('Tue 00:30');
  });

  it('counts down to a deadline', () => {
    expect(formatCountdown(new Date('2025-01-08T14:00:00Z'), now)).toBe('2 d 4 h left');
    expect(formatCountdown(new Date('2025-01-06T13:20:00Z'), now)).toBe('3 h 20 min left');
    expect(formatCountdown(new Date('2025-01-06T10:12:00Z'), now)).toBe('12 min left');
    expect(formatCountdown(new Date('2025-01-06T10:00:30Z'), now)).toBe('less than a minute left');
    expect(formatCountdown(new Date('2025-01-06T09:00:00Z'), now)).toBe('deadline passed');
  });
});
