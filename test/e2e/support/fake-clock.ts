/**
 * A wall clock the test can move under a running process: libfaketime (Debian package
 * `faketime`, installed by scripts/system-deps.mjs) preloaded into the agent or the service,
 * reading its offset from a file the test rewrites. Only the wall clock moves: the monotonic
 * clock (timers, timeouts) keeps real time, exactly as when NTP or a user steps the clock.
 * Everything in the process sees the same time: Date, TLS certificate checks in OpenSSL, the
 * worker thread that runs the agent's cycle.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';

const LIBRARY_DIRS = ['/usr/lib/x86_64-linux-gnu/faketime', '/usr/lib/aarch64-linux-gnu/faketime', '/usr/lib/faketime'];

function faketimeLibrary(): string {
  for (const dir of LIBRARY_DIRS) {
    if (!existsSync(dir)) continue;
    const lib = readdirSync(dir).find((name) => name.startsWith('libfaketimeMT.so'));
    if (lib) return join(dir, lib);
  }
  throw new Error(
    'libfaketime is not installed: the clock scenarios need the Debian package "faketime" ' +
      '(npm test installs it through scripts/system-deps.mjs; or: apt-get install faketime)',
  );
}

export interface FakeClock {
  /** Environment that puts a process on this clock. */
  env: Record<string, string>;
  /** Moves the clock to real time plus `offsetSeconds` (negative: behind); seen within ~1 s. */
  set(offsetSeconds: number): void;
  offset(): number;
}

export function fakeClock(dir: string, name: string): FakeClock {
  const file = join(dir, `${name}.faketime`);
  let current = 0;
  const write = (seconds: number) => writeFileSync(file, `${seconds >= 0 ? '+' : ''}${seconds}\n`);
  write(0);
  return {
    env: {
      LD_PRELOAD: faketimeLibrary(),
      FAKETIME_TIMESTAMP_FILE: file,
      // Re-read the file at most once a second: cheap, and a jump lands within a second.
      FAKETIME_CACHE_DURATION: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    },
    set(offsetSeconds) {
      current = offsetSeconds;
      write(offsetSeconds);
    },
    offset: () => current,
  };
}

export const HOUR = 3600;
export const DAY = 86_400;

/**
 * Waits until a running HTTPS server's wall clock (its `Date` header) reads real time plus
 * `offsetSeconds`. libfaketime re-reads its file only when the cached value is more than
 * FAKETIME_CACHE_DURATION whole seconds old, so a jump can take up to ~2 s to land; sleeping a
 * fixed time raced with that on a busy machine. Each request also makes the server read the
 * clock, which is what triggers the re-read.
 */
export async function waitForServerClock(port: number, offsetSeconds: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = Number.NaN;
  while (Date.now() < deadline) {
    seen = await serverDate(port);
    const expected = Date.now() + offsetSeconds * 1000;
    // The header has one-second resolution and Node caches it for up to a second.
    if (Math.abs(seen - expected) <= 2500) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `the server on port ${port} did not reach clock offset ${offsetSeconds} s within ${timeoutMs} ms ` +
      `(last Date header ${new Date(seen).toISOString()})`,
  );
}

function serverDate(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // Only the Date header is read: the certificate is not what this checks.
    const request = httpsGet({ host: '127.0.0.1', port, path: '/healthz', rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(Date.parse(response.headers.date ?? ''));
    });
    request.on('error', reject);
    request.setTimeout(5000, () => request.destroy(new Error('no answer to the clock probe in 5 s')));
  });
}
