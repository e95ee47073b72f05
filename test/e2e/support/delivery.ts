/**
 * The fault suite's one verdict: every report the agent signed reached the service exactly once,
 * in sequence order, with the hash chain intact on both sides. Read from both SQLite files
 * (read-only), never from what either process says about itself.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';

export interface AgentReport {
  seq: number;
  jti: string;
  hash: string;
  prev: string | null;
  state: string;
  challenged: number;
  errorCode: string | null;
}

/** Every report in the agent cache, in seq order, with the `prev` claim from its signed payload. */
export function agentReports(stateDir: string): AgentReport[] {
  const db = new Database(`${stateDir}/cache.db`, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT seq, jti, hash, jws, state, challenged, error_code AS errorCode FROM reports ORDER BY seq')
      .all() as (Omit<AgentReport, 'prev'> & { jws: string })[];
    return rows.map(({ jws, ...row }) => ({ ...row, prev: claimsOf(jws).prev ?? null }));
  } finally {
    db.close();
  }
}

export function claimsOf(jws: string): { prev?: string; iat: number; seq: number; eat_nonce?: string } {
  return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as never;
}

export interface ServiceReport {
  jti: string;
  seq: number;
  hash: string;
  challenged: number;
}

export function serviceReportRows(dataDir: string, deviceId: string): ServiceReport[] {
  const db = new Database(`${dataDir}/vigil-service.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('SELECT jti, seq, hash, challenged FROM reports WHERE device_id = ? ORDER BY id')
      .all(deviceId) as ServiceReport[];
  } finally {
    db.close();
  }
}

function serviceDeviceRow(dataDir: string, deviceId: string) {
  const db = new Database(`${dataDir}/vigil-service.sqlite`, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT forked_at, last_seq, last_hash FROM devices WHERE id = ?').get(deviceId) as {
      forked_at: number | null;
      last_seq: number;
      last_hash: string | null;
    };
  } finally {
    db.close();
  }
}

/**
 * Asserts exactly-once, in-order delivery of everything the agent ever signed and returns the
 * number of reports. `minReports` guards against a scenario that silently produced nothing.
 */
export function expectDeliveredExactlyOnce(
  where: { dataDir: string; stateDir: string; deviceId: string },
  minReports = 1,
): number {
  const agent = agentReports(where.stateDir);
  const accepted = serviceReportRows(where.dataDir, where.deviceId);
  const n = agent.length;
  expect(n).toBeGreaterThanOrEqual(minReports);
  const oneToN = Array.from({ length: n }, (_, i) => i + 1);
  // Nothing lost: the agent holds seq 1..N (no gap dropped) and every one of them is delivered.
  expect(agent.map((r) => r.seq)).toEqual(oneToN);
  expect(agent.filter((r) => r.state !== 'delivered').map((r) => `${r.seq}:${r.state}:${r.errorCode}`)).toEqual([]);
  // Nothing duplicated, in order: the service stored each jti once, in seq order 1..N.
  expect(new Set(accepted.map((r) => r.jti)).size).toBe(accepted.length);
  expect(accepted.map((r) => r.seq)).toEqual(oneToN);
  expect(accepted.map((r) => r.jti)).toEqual(agent.map((r) => r.jti));
  // Chain intact: each report names its predecessor's hash, and both sides agree on every hash.
  expect(accepted.map((r) => r.hash)).toEqual(agent.map((r) => r.hash));
  expect(agent.map((r) => r.prev)).toEqual([null, ...agent.slice(0, -1).map((r) => r.hash)]);
  expect(serviceDeviceRow(where.dataDir, where.deviceId)).toEqual({
    forked_at: null,
    last_seq: n,
    last_hash: agent.at(-1)?.hash ?? null,
  });
  return n;
}

/** Log lines (JSON) whose text contains `needle`. */
export function linesWith(logs: string, needle: string): string[] {
  return logs.split('\n').filter((line) => line.includes(needle));
}
