/**
 * av.enabled on Linux: unsupported unless a known agent is installed; then it must be running
 * (systemd says active), with real-time scanning where the product separates it.
 */
import type { AvProduct, Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation, unsupportedObservation } from '../observation.js';
import { KNOWN_AGENTS, parseIsActive, type KnownAgent } from './linux-agents.js';

const DAY = 86_400_000;
const MAX_SIGNATURE_AGE_DAYS = 7;

async function isActive(io: CollectorIO, units: readonly string[]): Promise<Map<string, boolean> | null> {
  const run = await io.exec('systemctl', ['is-active', ...units], { timeoutMs: 5_000 });
  // is-active exits 3 when a unit is inactive: the answer is in stdout either way.
  return run.ok ? parseIsActive(run.stdout, units) : null;
}

async function readAgent(io: CollectorIO, agent: KnownAgent): Promise<AvProduct> {
  const units = [...agent.units, ...(agent.realTimeUnits ?? [])];
  const [states, signatures] = await Promise.all([
    isActive(io, units),
    Promise.all((agent.signatures ?? []).map((path) => io.stat(path))),
  ]);
  const running = states ? agent.units.some((u) => states.get(u)) : null;
  const onAccess = states && agent.realTimeUnits ? agent.realTimeUnits.some((u) => states.get(u)) : null;
  const realTime = agent.realTimeWhenRunning ? running : onAccess;
  const newest = Math.max(...signatures.flatMap((s) => (s.ok ? [s.mtime.getTime()] : [])));
  const ageDays = Number.isFinite(newest) ? Math.floor((io.now().getTime() - newest) / DAY) : null;
  const upToDate = ageDays === null ? null : ageDays <= MAX_SIGNATURE_AGE_DAYS;
  const parts = [
    running === null
      ? 'service state unknown (systemd not available)'
      : running
        ? 'running'
        : `not running (${agent.units.join(' / ')})`,
  ];
  if (agent.realTimeUnits) parts.push(`on-access scanning ${onAccess === null ? 'unknown' : onAccess ? 'on' : 'off'}`);
  if (ageDays !== null) parts.push(`signatures ${ageDays} day(s) old`);
  return { name: agent.name, enabled: running, realTime, upToDate, detail: parts.join(', ') };
}

export async function collectAvEnabledLinux(io: CollectorIO): Promise<Observation<'av.enabled'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const installed: KnownAgent[] = [];
  for (const agent of KNOWN_AGENTS) {
    const found = await Promise.all(agent.paths.map((path) => recorder.io.stat(path)));
    if (found.some((s) => s.ok)) installed.push(agent);
  }
  if (installed.length === 0) {
    return unsupportedObservation(
      `no known antivirus agent found (looked for ${KNOWN_AGENTS.map((a) => a.name).join(', ')})`,
      io.now(),
    );
  }
  const products = await Promise.all(installed.map((agent) => readAgent(recorder.io, agent)));
  if (products.every((p) => p.enabled === null)) {
    return errorObservation(
      'VIGIL_COLLECT_AV_UNREADABLE',
      `${products.map((p) => p.name).join(', ')} installed, but whether it runs cannot be read`,
      io.now(),
      {
        evidence: recorder.evidence(),
        startedAt,
      },
    );
  }
  return okObservation<'av.enabled'>(
    { enabled: products.some((p) => p.enabled === true), products },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
