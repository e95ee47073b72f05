/** Command-line options of the fleet simulator. */
import { describe, expect, it } from 'vitest';
import { devicesAtRealCadence, parseOptions as parseAny, UsageError } from './options.mjs';

function parseOptions(args: string[]) {
  const options = parseAny(args);
  if (!('devices' in options)) throw new Error('unexpected --help');
  return options;
}

describe('simulate-fleet options', () => {
  it('has defaults for a local run', () => {
    const options = parseOptions([]);
    expect(options).toMatchObject({
      devices: 1000,
      cadenceSeconds: 10,
      warmupSeconds: 10,
      urls: [],
      keepAlive: false,
      fullHandshakes: false,
    });
    expect(options.search).toBeUndefined();
  });

  it('takes --search with or without a mode', () => {
    expect(parseAny(['--help'])).toEqual({ help: true });
    expect(parseOptions(['--search']).search).toBe('devices');
    expect(parseOptions(['--search', 'cadence', '--devices', '50']).search).toBe('cadence');
    expect(parseOptions(['--search', '--devices', '50']).devices).toBe(50);
  });

  it('reports every problem at once', () => {
    let caught: unknown;
    try {
      parseOptions([
        '--devices',
        '0',
        '--jitter',
        '2',
        '--replicas',
        'https://a:1,http://b:2',
        '--keep-alive',
        '--full-handshakes',
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const message = (caught as Error).message;
    expect(message).toMatch(/--devices/);
    expect(message).toMatch(/--jitter/);
    expect(message).toMatch(/not an https base URL: http:\/\/b:2/);
    expect(message).toMatch(/needs --ca FILE and --admin-token-file FILE/);
    expect(message).toMatch(/--keep-alive and --full-handshakes exclude each other/);
  });

  it('spreads replicas and expresses rates as devices at a 15-minute cadence', () => {
    const options = parseOptions([
      '--replicas',
      'https://a:1/, https://b:2',
      '--ca',
      'ca.pem',
      '--admin-token-file',
      't',
    ]);
    expect(options.urls).toEqual(['https://a:1', 'https://b:2']);
    expect(devicesAtRealCadence(100)).toBe(90_000);
  });
});
