/**
 * os.version on Linux from /etc/os-release and the running kernel. Not systeminformation's
 * osInfo(): it spawns processes outside our allowlist (lsb_release, uname via a shell) and its
 * `versions()` blocks the event loop for seconds.
 */
import type { Observation, OsVersionValue } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { describeRelease, parseOsRelease } from './parse-os-release.js';

// os-release(5): /etc/os-release takes precedence; /usr/lib/os-release is the vendor fallback.
const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'] as const;

async function readKernel(io: CollectorIO): Promise<string | undefined> {
  const file = await io.readFile('/proc/sys/kernel/osrelease', { maxBytes: 4096 });
  if (file.ok && file.text.trim()) return file.text.trim();
  const uname = await io.exec('uname', ['-r'], { timeoutMs: 2_000 });
  return uname.ok && uname.exitCode === 0 && uname.stdout.trim() ? uname.stdout.trim() : undefined;
}

async function readOsRelease(io: CollectorIO): Promise<string | null> {
  for (const path of OS_RELEASE_PATHS) {
    const file = await io.readFile(path, { maxBytes: 64 * 1024 });
    if (file.ok) return file.text;
  }
  return null;
}

export async function collectOsVersionLinux(io: CollectorIO): Promise<Observation<'os.version'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [text, kernel] = await Promise.all([readOsRelease(recorder.io), readKernel(recorder.io)]);
  if (text === null) {
    return errorObservation(
      'VIGIL_COLLECT_OS_RELEASE_MISSING',
      'neither /etc/os-release nor /usr/lib/os-release is readable',
      io.now(),
      {
        evidence: recorder.evidence(),
        startedAt,
      },
    );
  }
  const release = describeRelease(parseOsRelease(text));
  // Debian's os-release has no point release (12, not 12.8); /etc/debian_version does.
  let build: string | undefined;
  if (release.distroId === 'debian') {
    const debianVersion = await recorder.io.readFile('/etc/debian_version', { maxBytes: 4096 });
    if (debianVersion.ok && debianVersion.text.trim()) build = debianVersion.text.trim().slice(0, 100);
  }
  const value: OsVersionValue = {
    platform: 'linux',
    ...release,
    ...(build ? { build } : {}),
    ...(kernel ? { kernel: kernel.slice(0, 200) } : {}),
  };
  return okObservation<'os.version'>(value, recorder.evidence(), startedAt, io.now());
}
