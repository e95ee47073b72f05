/** os.version on macOS: `sw_vers` (with the Rapid Security Response suffix) and the Darwin kernel. */
import type { Observation, OsVersionValue } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { macosCodename, parseSwVers } from './parse-sw-vers.js';

export async function collectOsVersionDarwin(io: CollectorIO): Promise<Observation<'os.version'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [swVers, uname] = await Promise.all([
    recorder.io.exec('sw_vers', [], { timeoutMs: 5_000 }),
    recorder.io.exec('uname', ['-r'], { timeoutMs: 2_000 }),
  ]);
  const parsed = swVers.ok && swVers.exitCode === 0 ? parseSwVers(swVers.stdout) : null;
  if (!parsed) {
    const why = swVers.ok ? `exit ${swVers.exitCode}, unexpected output` : swVers.error.message;
    return errorObservation('VIGIL_COLLECT_SW_VERS', `sw_vers: ${why}`, io.now(), {
      evidence: recorder.evidence(),
      startedAt,
    });
  }
  const codename = macosCodename(parsed.major);
  const kernel = uname.ok && uname.exitCode === 0 ? uname.stdout.trim() : '';
  const value: OsVersionValue = {
    platform: 'darwin',
    distroId: 'macos',
    name: parsed.productName.slice(0, 200),
    version: parsed.version,
    ...(parsed.build ? { build: parsed.build.slice(0, 100) } : {}),
    ...(codename ? { codename } : {}),
    ...(kernel ? { kernel: `Darwin ${kernel}`.slice(0, 200) } : {}),
  };
  return okObservation<'os.version'>(value, recorder.evidence(), startedAt, io.now());
}
