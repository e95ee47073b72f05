/** Shared fixtures for the agent's unit tests: a temp dir, a silent logger, an identity. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSTURE_REPORT_SCHEMA_ID, type PostureReport } from '@vigil/shared/core';
import { openCache, type AgentCache } from '../cache/index.js';
import type { DeviceIdentity } from '../identity/store.js';
import { createLogger, type Logger } from '../logging/logger.js';

export const DEVICE_ID = '0b0e2a44-5c1d-4f3e-9a7b-2c6d8e9f1a3b';

export function tempDir(prefix = 'vigil-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function silentLogger(): Logger {
  return createLogger({ level: 'silent' });
}

/** Records log lines so tests can assert on messages and fields. */
export function recordingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { log, lines };
}

export function testCache(dir = tempDir()): AgentCache {
  return openCache({ file: join(dir, 'cache.db'), log: silentLogger() });
}

let keyCache: ReturnType<typeof generateKeyPairSync> | undefined;

export function testIdentity(overrides: Partial<DeviceIdentity> = {}): DeviceIdentity {
  keyCache ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  return {
    deviceId: DEVICE_ID,
    serverUrl: 'https://127.0.0.1:8443',
    privateKey: keyCache.privateKey,
    privateKeyPem: keyCache.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certificatePem: '',
    serverCaPem: '',
    certificate: {
      deviceId: DEVICE_ID,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 30 * 86_400_000),
      thumbprint: 'A'.repeat(43),
      serialNumber: '01',
    },
    enrolledAt: new Date(now).toISOString(),
    ...overrides,
  };
}

export function testPosture(collectedAt = new Date().toISOString()): PostureReport {
  return {
    schema: POSTURE_REPORT_SCHEMA_ID,
    device: { platform: 'linux', arch: 'x64', ownership: 'managed' },
    agent: { name: 'vigil', version: '0.1.0' },
    collectedAt,
    observations: {
      'os.version': {
        state: 'ok',
        value: { platform: 'linux', distroId: 'debian', name: 'Debian GNU/Linux', version: '12' },
        evidence: [{ kind: 'file', source: '/etc/os-release', at: collectedAt, durationMs: 1 }],
        collectedAt,
        durationMs: 1,
      },
    },
  };
}
