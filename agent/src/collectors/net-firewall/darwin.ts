/**
 * net.firewall on macOS: the Application Firewall. socketfilterfw first; system_profiler as well on
 * macOS 15+ (and whenever socketfilterfw gives no state); a management profile last. When sources
 * disagree, the less protective answer is reported. No source, no verdict: an error, never "off".
 */
import type { FirewallBackend, Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { parseSwVers } from '../os-version/parse-sw-vers.js';
import {
  MANAGED_REPLY,
  parseGlobalState,
  parseManagedFirewall,
  parseSpFirewall,
  parseStealthMode,
  type AlfState,
} from './parse-socketfilterfw.js';

const SOCKETFILTERFW = { timeoutMs: 8_000 };
const MANAGED_PROFILE = '/Library/Managed Preferences/com.apple.security.firewall';
const STATE_TEXT = [
  'off',
  'on: only allowed apps and services accept incoming connections',
  'on: all incoming connections blocked',
] as const;

const stdoutOf = (outcome: Awaited<ReturnType<CollectorIO['exec']>>) =>
  outcome.ok && outcome.exitCode === 0 ? outcome.stdout : '';

export async function collectNetFirewallDarwin(io: CollectorIO): Promise<Observation<'net.firewall'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const run = recorder.io;
  const [global, stealthRun, swVers] = await Promise.all([
    run.exec('socketfilterfw', ['--getglobalstate'], SOCKETFILTERFW),
    run.exec('socketfilterfw', ['--getstealthmode'], SOCKETFILTERFW),
    run.exec('sw_vers', [], { timeoutMs: 5_000 }),
  ]);
  const notes: string[] = [];
  const readings: Array<{ source: string; state: AlfState }> = [];
  const sfState = parseGlobalState(stdoutOf(global));
  if (sfState !== null) readings.push({ source: 'socketfilterfw', state: sfState });
  if (MANAGED_REPLY.test(stdoutOf(global))) notes.push('socketfilterfw refused: managed Mac');
  let stealth = parseStealthMode(stdoutOf(stealthRun));

  const major = parseSwVers(stdoutOf(swVers))?.major ?? null;
  if (sfState === null || major === null || major >= 15) {
    const sp = await run.exec('system_profiler', ['-json', 'SPFirewallDataType'], { timeoutMs: 15_000 });
    const parsed = parseSpFirewall(stdoutOf(sp));
    if (parsed?.state !== null && parsed?.state !== undefined)
      readings.push({ source: 'system_profiler', state: parsed.state });
    stealth ??= parsed?.stealth ?? null;
  }
  if (readings.length === 0) {
    const profile = await run.exec('defaults', ['read', MANAGED_PROFILE], { timeoutMs: 5_000 });
    const parsed = parseManagedFirewall(stdoutOf(profile));
    if (parsed?.state !== null && parsed?.state !== undefined)
      readings.push({ source: 'management profile', state: parsed.state });
    stealth ??= parsed?.stealth ?? null;
  }
  if (readings.length === 0) {
    const why = global.ok ? global.stdout.trim().split('\n')[0] || `exit ${global.exitCode}` : global.error.message;
    return errorObservation(
      'VIGIL_COLLECT_FIREWALL_UNREADABLE',
      `the Application Firewall state could not be read (${why})`,
      io.now(),
      {
        evidence: recorder.evidence(),
        startedAt,
      },
    );
  }
  const state = Math.min(...readings.map((r) => r.state)) as AlfState;
  if (new Set(readings.map((r) => r.state)).size > 1) {
    notes.push(
      `sources disagree (${readings.map((r) => `${r.source}: State ${r.state}`).join(', ')}); the less protective is reported`,
    );
  }
  const backend: FirewallBackend = {
    name: 'socketfilterfw',
    active: state > 0,
    // State 1 blocks incoming connections to anything not allowed (signed apps may be allowed automatically).
    defaultInbound: state > 0 ? 'deny' : 'allow',
    detail: [
      `Application Firewall ${STATE_TEXT[state]} (State = ${state}, from ${readings.map((r) => r.source).join(' and ')})`,
      stealth === null ? 'stealth mode unknown' : `stealth mode ${stealth ? 'on' : 'off'}`,
      ...notes,
    ]
      .join('; ')
      .slice(0, 500),
  };
  return okObservation<'net.firewall'>(
    { enabled: backend.active, defaultInbound: backend.defaultInbound, backends: [backend] },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
