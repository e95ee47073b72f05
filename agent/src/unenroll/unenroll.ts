/**
 * `vigil unenroll`: leave cleanly. In order: tell the service (it retires the device and
 * refuses anything from it afterwards), remove the user-mode autostart entry, remove the
 * identity (a running agent watching its state dir stops then), wait for that agent to go, and
 * delete everything else Vigil keeps. If the service cannot be told, nothing is deleted unless
 * `--force`: the device then stays active on the service until it goes stale there.
 */
import { rm } from 'node:fs/promises';
import type { AutostartResult } from '../autostart/apply.js';
import { identityDir, type DeviceIdentity } from '../identity/index.js';
import { PushError } from '../push/errors.js';
import { wipeLocalState, type WipeResult } from './wipe.js';

export type ServiceOutcome = 'retired' | 'already-retired' | 'not-enrolled' | 'not-told';

export interface UnenrollDeps {
  stateDir: string;
  socketPath: string;
  loadIdentity(): Promise<DeviceIdentity>;
  tellService(identity: DeviceIdentity): Promise<void>;
  removeAutostart(): Promise<AutostartResult | null>;
  daemonAnswers(): Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
}

export interface UnenrollResult {
  deviceId: string | null;
  service: ServiceOutcome;
  /** Why the service was not told (unreachable, refused, identity damaged). */
  serviceError?: { code: string; message: string };
  /** False: the service was not told and --force was not given; nothing was deleted. */
  done: boolean;
  autostart: AutostartResult | null;
  removed: string[];
  kept: string[];
  /** An agent still answered on the socket after its identity was removed. */
  agentStillRunning: boolean;
}

const DAEMON_WAIT_MS = 10_000;

export async function unenroll(deps: UnenrollDeps, options: { force: boolean }): Promise<UnenrollResult> {
  const told = await tell(deps);
  const base = { deviceId: told.deviceId, service: told.service, ...(told.error ? { serviceError: told.error } : {}) };
  if (told.service === 'not-told' && !options.force) {
    return { ...base, done: false, autostart: null, removed: [], kept: [], agentStillRunning: false };
  }
  const autostart = await deps.removeAutostart().catch(() => null);
  // Removing the identity first makes a running agent stop (it watches for this) before the
  // rest goes, so it cannot recreate the cache behind our back.
  await rm(identityDir(deps.stateDir), { recursive: true, force: true });
  const agentStillRunning = await waitForDaemonToStop(deps);
  const wiped: WipeResult = await wipeLocalState({ stateDir: deps.stateDir, socketPath: deps.socketPath });
  return { ...base, done: true, autostart, ...wiped, agentStillRunning };
}

async function tell(
  deps: UnenrollDeps,
): Promise<{ deviceId: string | null; service: ServiceOutcome; error?: { code: string; message: string } }> {
  let identity: DeviceIdentity;
  try {
    identity = await deps.loadIdentity();
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'VIGIL_IDENTITY_FILES_INVALID';
    if (code === 'VIGIL_IDENTITY_NOT_ENROLLED') return { deviceId: null, service: 'not-enrolled' };
    return { deviceId: null, service: 'not-told', error: { code, message: (error as Error).message } };
  }
  try {
    await deps.tellService(identity);
    return { deviceId: identity.deviceId, service: 'retired' };
  } catch (error) {
    if (!(error instanceof PushError)) throw error;
    // A retired device is refused at the door: that is the state we wanted.
    if (error.serviceCode === 'VIGIL_AUTH_DEVICE_RETIRED')
      return { deviceId: identity.deviceId, service: 'already-retired' };
    return {
      deviceId: identity.deviceId,
      service: 'not-told',
      error: { code: error.serviceCode ?? error.code, message: error.message },
    };
  }
}

async function waitForDaemonToStop(deps: UnenrollDeps): Promise<boolean> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + DAEMON_WAIT_MS;
  while (await deps.daemonAnswers()) {
    if (Date.now() > deadline) return true;
    await sleep(200);
  }
  return false;
}
