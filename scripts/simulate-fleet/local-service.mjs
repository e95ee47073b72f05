// A local service for the simulator and the soak: the built service (`npx tsc -b service`) in a
// child process (scripts/bench/ingest-server.mjs) on loopback, with the fixed test policy the
// simulated postures are judged by. Its data directory can be kept across runs, so enrolled
// devices stay enrolled.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../bench/ingest-server.mjs', import.meta.url));

/**
 * Challenge limits scaled to the compressed cadence: the default per-device bucket (burst 10,
 * then 6 a minute) is meant for a real 15-minute cadence, so with time running `compression`
 * times faster it refills that much faster. Overload protection keeps its defaults.
 */
export function compressedSettings(cadenceSeconds, realCadenceSeconds) {
  const compression = Math.max(1, realCadenceSeconds / cadenceSeconds);
  return { challengeBurst: 10, challengeRefillPerMinute: Math.ceil(6 * compression) };
}

/** @returns {Promise<{url, ca, adminToken, pid, stop(): Promise<void>}>} */
export async function startLocalService({ dataDir, settings = {} }) {
  const args = ['--settings', JSON.stringify(settings), ...(dataDir ? ['--data-dir', dataDir] : [])];
  // The service's log lines go to our stderr, so that stdout carries only the result (--json).
  // VIGIL_BENCH_PROFILE=DIR writes a V8 CPU profile of the service there (as the ingest bench).
  const profile = process.env.VIGIL_BENCH_PROFILE;
  const execArgv = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = fork(SERVER, args, { stdio: ['ignore', 2, 'inherit', 'ipc'], execArgv });
  const exited = once(child, 'exit');
  const [info] = await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => {
      throw new Error(`local service exited (${code}) before it was ready; build it first: npx tsc -b service`);
    }),
  ]);
  return {
    ...info,
    async stop() {
      if (child.exitCode !== null || !child.connected) return void (await exited);
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
