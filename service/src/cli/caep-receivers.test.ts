import { describe, expect, it } from 'vitest';
import { parseCaepReceivers } from './start.js';
import { UsageError } from './usage.js';

describe('--caep-receiver URL=AUDIENCE', () => {
  it('parses repeated registrations, splitting at the last "="', () => {
    expect(parseCaepReceivers(['https://gw.example/caep/events?x=1=urn:vigil:gateway'], undefined)).toEqual([
      { url: 'https://gw.example/caep/events?x=1', audience: 'urn:vigil:gateway' },
    ]);
  });

  it('refuses a missing audience, plain http off loopback, and a CA without receivers', () => {
    expect(() => parseCaepReceivers(['https://gw.example/caep/events'], undefined)).toThrow(UsageError);
    expect(() => parseCaepReceivers(['http://gw.example/caep/events=urn:a'], undefined)).toThrow(/https/);
    expect(() => parseCaepReceivers([], 'ca.pem')).toThrow(UsageError);
  });
});
