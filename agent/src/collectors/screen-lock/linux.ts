/**
 * screen.lock on Linux, in the user's session. GNOME family (and Cinnamon, which mirrors GNOME's
 * keys under org.cinnamon) through gsettings with the session bus; KDE Plasma through kreadconfig,
 * where an unset key is KDE's own default (the value Plasma uses), which is not the schema-default
 * trap. Other desktops: unsupported.
 */
import type { Observation, ScreenLockValue } from '@vigil/shared';
import type { ExecOutcome } from '../../platform/exec.js';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation, unsupportedObservation } from '../observation.js';
import { MEMORY_BACKEND, NO_SCHEMA, parseGBoolean, parseGUint } from './parse-gsettings.js';
import { NO_SESSION, SESSION_HINT, sessionProblem } from './session.js';

type Reading = { value: ScreenLockValue } | { unsupported: string } | { error: string; code: `VIGIL_${string}` };

const out = (run: ExecOutcome) => (run.ok && run.exitCode === 0 ? run.stdout : null);

async function readGnome(io: CollectorIO, cinnamon: boolean): Promise<Reading> {
  const base = cinnamon ? 'org.cinnamon.desktop' : 'org.gnome.desktop';
  const env = { timeoutMs: 5_000, sessionEnv: io.session?.env ?? {} };
  const [enabled, lockDelay, idleDelay, lockdown] = await Promise.all([
    io.exec('gsettings', ['get', `${base}.screensaver`, 'lock-enabled'], env),
    io.exec('gsettings', ['get', `${base}.screensaver`, 'lock-delay'], env),
    io.exec('gsettings', ['get', `${base}.session`, 'idle-delay'], env),
    cinnamon
      ? Promise.resolve(null)
      : io.exec('gsettings', ['get', 'org.gnome.desktop.lockdown', 'disable-lock-screen'], env),
  ]);
  if (!enabled.ok && enabled.error.code === 'VIGIL_EXEC_NOT_FOUND')
    return { unsupported: 'gsettings is not installed: no GNOME-family desktop' };
  const runs = [enabled, lockDelay, idleDelay, ...(lockdown ? [lockdown] : [])];
  if (runs.some((r) => r.ok && MEMORY_BACKEND.test(r.stderr))) {
    return {
      code: 'VIGIL_COLLECT_SCREEN_LOCK_DEFAULTS',
      error: "gsettings fell back to its memory backend: its values are schema defaults, not the user's settings",
    };
  }
  if (enabled.ok && NO_SCHEMA.test(enabled.stderr))
    return { unsupported: `${base}.screensaver is not installed: not a GNOME-family desktop` };
  const lockEnabled = parseGBoolean(out(enabled) ?? '');
  const delay = parseGUint(out(lockDelay) ?? '');
  const idle = parseGUint(out(idleDelay) ?? '');
  const disabled = lockdown ? parseGBoolean(out(lockdown) ?? '') : false;
  if (lockEnabled === null || idle === null) {
    const why = enabled.ok ? enabled.stderr.trim() || `exit ${enabled.exitCode}` : enabled.error.message;
    return { code: 'VIGIL_COLLECT_SCREEN_LOCK_UNREADABLE', error: `gsettings: ${why}` };
  }
  // idle-delay 0 means the session never goes idle, so the lock never starts by itself.
  const value: ScreenLockValue = {
    enabled: lockEnabled && idle > 0 && disabled !== true,
    idleSeconds: idle,
    lockDelaySeconds: delay,
    source: cinnamon ? 'cinnamon' : 'gnome',
    detail: `lock-enabled ${lockEnabled}, idle-delay ${idle} s${idle === 0 ? ' (never)' : ''}, lock-delay ${delay ?? 'unknown'} s${disabled ? ', lock screen disabled by lockdown policy' : ''}`,
  };
  return { value };
}

async function readKde(io: CollectorIO): Promise<Reading> {
  const options = { timeoutMs: 5_000, sessionEnv: io.session?.env ?? {} };
  const read = async (tool: 'kreadconfig6' | 'kreadconfig5', key: string) =>
    io.exec(tool, ['--file', 'kscreenlockerrc', '--group', 'Daemon', '--key', key], options);
  let tool: 'kreadconfig6' | 'kreadconfig5' = 'kreadconfig6';
  let autolock = await read(tool, 'Autolock');
  if (!autolock.ok && autolock.error.code === 'VIGIL_EXEC_NOT_FOUND') {
    tool = 'kreadconfig5';
    autolock = await read(tool, 'Autolock');
  }
  if (!autolock.ok && autolock.error.code === 'VIGIL_EXEC_NOT_FOUND')
    return { unsupported: 'KDE session without kreadconfig5/6' };
  const [timeout, grace] = await Promise.all([read(tool, 'Timeout'), read(tool, 'LockGrace')]);
  const text = [autolock, timeout, grace].map((r) => out(r));
  if (text.some((t) => t === null)) return { code: 'VIGIL_COLLECT_SCREEN_LOCK_UNREADABLE', error: `${tool} failed` };
  // Unset keys use Plasma's defaults: lock automatically, after 5 minutes, 5 s grace.
  const [auto, minutes, seconds] = text.map((t) => (t ?? '').trim());
  const enabled = auto === '' ? true : auto === 'true';
  const idle = minutes === '' ? 300 : (parseGUint(minutes ?? '') ?? -1) * 60;
  const lockDelay = seconds === '' ? 5 : parseGUint(seconds ?? '');
  if (idle < 0)
    return { code: 'VIGIL_COLLECT_SCREEN_LOCK_UNREADABLE', error: `kscreenlockerrc Timeout is "${minutes}"` };
  return {
    value: {
      enabled: enabled && idle > 0,
      idleSeconds: idle,
      lockDelaySeconds: lockDelay,
      source: 'kde',
      detail: `kscreenlockerrc: Autolock ${auto || 'default (true)'}, Timeout ${minutes || 'default (5)'} min, LockGrace ${seconds || 'default (5)'} s`,
    },
  };
}

export async function collectScreenLockLinux(io: CollectorIO): Promise<Observation<'screen.lock'>> {
  const startedAt = io.now();
  const desktop = io.session?.desktop ?? '';
  const kde = /\bKDE\b/i.test(desktop);
  const problem = sessionProblem(io.session, !kde);
  if (problem) return errorObservation(NO_SESSION, `${problem}; ${SESSION_HINT}`, io.now(), { startedAt });
  const recorder = recordEvidence(io);
  let reading: Reading;
  if (kde) reading = await readKde(recorder.io);
  else if (desktop === '' || /GNOME|Unity|Budgie|Pantheon|X-Cinnamon/i.test(desktop))
    reading = await readGnome(recorder.io, /Cinnamon/i.test(desktop));
  else
    reading = {
      unsupported: `no screen-lock reader for the ${desktop} desktop (GNOME, Cinnamon and KDE are supported)`,
    };
  if ('unsupported' in reading) return unsupportedObservation(reading.unsupported, io.now());
  if ('error' in reading)
    return errorObservation(reading.code, reading.error, io.now(), { evidence: recorder.evidence(), startedAt });
  return okObservation<'screen.lock'>(reading.value, recorder.evidence(), startedAt, io.now());
}
