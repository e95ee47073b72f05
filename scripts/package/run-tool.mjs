// Runs a build tool with an argv array (never a shell) and fails with its output when it fails,
// so a packaging error shows what dpkg-deb or rpmbuild said rather than "exit 2".
import { spawnSync } from 'node:child_process';

export function runTool(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`${command}: ${result.error.message}`, { cause: result.error });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}${output ? `:\n${output}` : ''}`);
  }
  return result.stdout;
}

/** True when `command` can be run (found on PATH). */
export function hasTool(command) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0;
}
