/**
 * `vigil doctor`: says what is wrong and how to fix it. Each probe is independent and never
 * throws, so one broken part does not hide the others.
 */
import { stat } from 'node:fs/promises';
import type { AgentCache } from '../cache/index.js';
import type { AgentConfig } from '../config/index.js';
import { readServiceState } from '../cycle/service-state.js';
import { certificateExpired, renewalDue, renewalTime, type DeviceIdentity } from '../identity/index.js';
import type { ServiceApi } from '../push/api.js';
import type { ConsentStatus, PostureReport } from '@vigil/shared';
import { collectionAllowed, consentRefusal } from '../consent/state.js';
import { fail, ok, warn, type Finding } from './findings.js';

export interface DoctorDeps {
  config: AgentConfig;
  now: () => Date;
  loadIdentity: () => Promise<DeviceIdentity>;
  openCache: () => AgentCache;
  connect: (identity: DeviceIdentity) => Promise<ServiceApi>;
  collect: () => Promise<PostureReport>;
  daemonAnswers: () => Promise<boolean>;
  /** Personal mode's consent; without it the service and collector probes do not run. */
  consent?: () => Promise<ConsentStatus>;
}

const ENROLL = 'vigil enroll --server URL --token TOKEN --ca FILE';
const CHAIN_CODES = /SEQUENCE|CHAIN|FORK|REGRESS/;
const MAX_SKEW_SECONDS = 60;

export async function diagnose(deps: DoctorDeps): Promise<Finding[]> {
  const findings: Finding[] = [];
  findings.push(await stateDir(deps.config.stateDir));
  let identity: DeviceIdentity | null = null;
  try {
    identity = await deps.loadIdentity();
    findings.push(ok('identity', `enrolled as device ${identity.deviceId} at ${identity.serverUrl}`));
    findings.push(certificate(identity, deps.now()));
  } catch (error) {
    const code = (error as { code?: string }).code;
    findings.push(
      code === 'VIGIL_IDENTITY_NOT_ENROLLED'
        ? fail(
            'identity',
            'this device is not enrolled',
            `get an enrollment token from your administrator and run: ${ENROLL}`,
            code,
          )
        : fail('identity', (error as Error).message, `re-enroll with a new token: ${ENROLL} --force`, code),
    );
  }
  findings.push(...database(deps));
  const consent = await deps.consent?.();
  if (consent?.required) findings.push(consentFinding(consent));
  if (consent && !collectionAllowed(consent)) {
    // Diagnosing must not do what the owner has not agreed to: no network, no collection.
    findings.push(warn('service', 'not checked: consent not given', 'accept with "vigil consent --accept"'));
    findings.push(warn('collectors', 'not run: consent not given', 'accept with "vigil consent --accept"'));
  } else {
    if (identity) findings.push(...(await service(deps, identity)));
    findings.push(...(await collectors(deps)));
  }
  findings.push(
    (await deps.daemonAnswers().catch(() => false))
      ? ok('daemon', `the agent is running (${deps.config.socketPath})`)
      : warn(
          'daemon',
          `no agent answers on ${deps.config.socketPath}`,
          'start it: "systemctl start vigil-agent" (installed) or "vigil run" (foreground)',
        ),
  );
  return findings;
}

function consentFinding(consent: ConsentStatus): Finding {
  if (consent.state === 'accepted')
    return ok(
      'consent',
      `personal device: privacy statement version ${consent.statementVersion} accepted ${consent.decidedAt}`,
    );
  const refusal = consentRefusal(consent);
  return warn('consent', refusal.message, 'read it with "vigil consent", then "vigil consent --accept"', refusal.code);
}

async function stateDir(dir: string): Promise<Finding> {
  try {
    const info = await stat(dir);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      return warn('state-dir', `${dir} is readable by other users`, `chmod 700 ${dir}`);
    }
    return ok('state-dir', `${dir} (private)`);
  } catch {
    return warn('state-dir', `${dir} does not exist yet`, `it is created by "${ENROLL}"`);
  }
}

function certificate(identity: DeviceIdentity, now: Date): Finding {
  const expires = identity.certificate.notAfter.toISOString();
  if (certificateExpired(identity, now)) {
    return fail(
      'certificate',
      `the device certificate expired at ${expires}`,
      `ask for a new token and run: ${ENROLL} --force`,
      'VIGIL_IDENTITY_CERT_EXPIRED',
    );
  }
  if (renewalDue(identity, now)) {
    return warn(
      'certificate',
      `the certificate expires at ${expires} and is due for renewal`,
      'keep the agent running with access to the service: it renews automatically',
    );
  }
  return ok('certificate', `valid until ${expires}; renewal from ${renewalTime(identity.certificate).toISOString()}`);
}

function database(deps: DoctorDeps): Finding[] {
  let cache: AgentCache;
  try {
    cache = deps.openCache();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const fix =
      code === 'VIGIL_CACHE_DISK_FULL'
        ? `free disk space on the volume of ${deps.config.stateDir}`
        : 'see docs/agent.md#cache; the agent moves a corrupt database aside by itself';
    return [fail('database', `cannot open the cache: ${(error as Error).message}`, fix, code)];
  }
  try {
    const findings: Finding[] = [];
    const integrity = cache.integrityCheck();
    findings.push(
      integrity.length === 1 && integrity[0] === 'ok'
        ? ok('database', 'cache integrity ok')
        : fail(
            'database',
            `integrity check: ${integrity.slice(0, 3).join('; ')}`,
            'stop the agent and move the cache aside (docs/agent.md#cache)',
          ),
    );
    const counts = cache.reports.counts();
    const last = cache.reports.last();
    const state = readServiceState(cache);
    if (last?.state === 'rejected' && CHAIN_CODES.test(last.errorCode ?? '')) {
      findings.push(
        fail(
          'outbox',
          `the service refused the report chain (${last.errorCode})`,
          'ask your administrator to resync this device (admin API), or re-enroll with --force (docs/agent.md#resync)',
          last.errorCode ?? undefined,
        ),
      );
    } else if (counts.pending > 0) {
      findings.push(
        warn(
          'outbox',
          `${counts.pending} report(s) waiting for delivery${state?.lastError ? ` (last error ${state.lastError.code})` : ''}`,
          'they are sent automatically when the service is reachable; "vigil push" tries now',
        ),
      );
    } else {
      findings.push(ok('outbox', `nothing waiting; ${counts.delivered} report(s) delivered in history`));
    }
    return findings;
  } finally {
    cache.close();
  }
}

async function service(deps: DoctorDeps, identity: DeviceIdentity): Promise<Finding[]> {
  let api: ServiceApi | undefined;
  try {
    api = await deps.connect(identity);
    const answer = await api.probe();
    const findings = [ok('service', `${identity.serverUrl} answers over TLS`)];
    if (answer.serverDate) {
      const skew = Math.round((deps.now().getTime() - answer.serverDate.getTime()) / 1000);
      findings.push(
        Math.abs(skew) > MAX_SKEW_SECONDS
          ? warn(
              'clock',
              `this clock is ${skew > 0 ? 'ahead of' : 'behind'} the service by ${Math.abs(skew)} s`,
              'turn on time sync: "timedatectl set-ntp true" (Linux), Date & Time settings (macOS/Windows)',
            )
          : ok('clock', `clock within ${Math.abs(skew)} s of the service`),
      );
    }
    return findings;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const fix =
      code === 'VIGIL_PUSH_TLS'
        ? 'the service certificate is not signed by the CA given at enrollment: check the URL, or re-enroll with the right --ca FILE'
        : 'check the network, a proxy or firewall, and that the service URL is right';
    return [fail('service', `${identity.serverUrl}: ${(error as Error).message}`, fix, code)];
  } finally {
    api?.close();
  }
}

async function collectors(deps: DoctorDeps): Promise<Finding[]> {
  try {
    const posture = await deps.collect();
    const failing = Object.entries(posture.observations).filter(([, o]) => o?.state === 'error');
    if (failing.length === 0)
      return [ok('collectors', `${Object.keys(posture.observations).length} check(s) read without error`)];
    return failing.map(([check, o]) =>
      warn(
        'collectors',
        `${check} could not be read: ${o && 'message' in o ? o.message : ''}`,
        `run "vigil check --only ${check}" for the evidence; most checks need the agent to run as root`,
        o && 'code' in o ? o.code : undefined,
      ),
    );
  } catch (error) {
    return [
      fail('collectors', `collection failed: ${(error as Error).message}`, 'report this at the project issue tracker'),
    ];
  }
}
