/**
 * av.enabled on macOS: the built-in protections together. XProtect (signatures, checked when apps
 * launch) must be present and recently updated, Gatekeeper must assess apps, and SIP must protect
 * both from tampering. A protection that cannot be read makes the whole check an error.
 */
import type { AvProduct, Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { parseCsrutil, parseGatekeeper } from './parse-macos-protections.js';

const XPROTECT = '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents';
const DAY = 86_400_000;
// Apple ships XProtect data every few weeks; two months without one means updates are not arriving.
const MAX_XPROTECT_AGE_DAYS = 60;

export async function collectAvEnabledDarwin(io: CollectorIO): Promise<Observation<'av.enabled'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const [spctl, csrutil, version, meta] = await Promise.all([
    recorder.io.exec('spctl', ['--status'], { timeoutMs: 5_000 }),
    recorder.io.exec('csrutil', ['status'], { timeoutMs: 5_000 }),
    recorder.io.exec('defaults', ['read', `${XPROTECT}/Info`, 'CFBundleShortVersionString'], { timeoutMs: 5_000 }),
    recorder.io.stat(`${XPROTECT}/Resources/XProtect.meta.plist`),
  ]);
  // spctl exits 1 when assessments are disabled; the answer is the text either way.
  const gatekeeper = spctl.ok ? parseGatekeeper(`${spctl.stdout}\n${spctl.stderr}`) : null;
  const sip = csrutil.ok ? parseCsrutil(csrutil.stdout) : null;
  if (gatekeeper === null || sip === null) {
    const which = [gatekeeper === null ? 'spctl --status' : '', sip === null ? 'csrutil status' : '']
      .filter(Boolean)
      .join(' and ');
    return errorObservation('VIGIL_COLLECT_AV_UNREADABLE', `${which} gave no recognisable answer`, io.now(), {
      evidence: recorder.evidence(),
      startedAt,
    });
  }
  const xprotectVersion = version.ok && version.exitCode === 0 ? version.stdout.trim() : null;
  const ageDays = meta.ok ? Math.floor((io.now().getTime() - meta.mtime.getTime()) / DAY) : null;
  const products: AvProduct[] = [
    {
      name: 'XProtect',
      enabled: xprotectVersion !== null,
      realTime: xprotectVersion !== null,
      upToDate: ageDays === null ? null : ageDays <= MAX_XPROTECT_AGE_DAYS,
      detail: xprotectVersion
        ? `version ${xprotectVersion}${ageDays !== null ? `, data ${ageDays} day(s) old` : ''}`
        : 'XProtect bundle not found',
    },
    {
      name: 'Gatekeeper',
      enabled: gatekeeper,
      realTime: null,
      upToDate: null,
      detail: gatekeeper ? 'assessments enabled' : 'assessments disabled',
    },
    { name: 'System Integrity Protection', enabled: sip.enabled, realTime: null, upToDate: null, detail: sip.detail },
  ];
  return okObservation<'av.enabled'>(
    { enabled: products.every((p) => p.enabled === true), products },
    recorder.evidence(),
    startedAt,
    io.now(),
  );
}
