/** Types of the report store and the mapping from SQLite rows. */
export type ReportState = 'pending' | 'delivered' | 'rejected' | 'abandoned';

export interface ChainState {
  deviceId: string | null;
  lastSeq: number;
  lastHash: string | null;
}

export interface NextReportPlan {
  deviceId: string;
  seq: number;
  /** SHA-256 (base64url) of the previous report's JWS; absent for seq 1. */
  prev?: string;
  /** Reports dropped unsent to stay under the outbox cap; carried in this report's claims. */
  gap?: { from: number; to: number };
  /** Pending seqs this commit drops (the newest undelivered ones). */
  drop: number[];
}

export interface NewReport {
  jti: string;
  jws: string;
  hash: string;
  challenged: boolean;
  collectedAt: string;
  createdAt: number;
}

export interface StoredReport extends NewReport {
  deviceId: string;
  seq: number;
  state: ReportState;
  attempts: number;
  deliveredAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  responseJson: string | null;
  gap: { from: number; to: number } | null;
}

export interface Row {
  device_id: string;
  seq: number;
  jti: string;
  jws: string;
  hash: string;
  challenged: number;
  collected_at: string;
  created_at: number;
  state: ReportState;
  attempts: number;
  delivered_at: number | null;
  error_code: string | null;
  error_message: string | null;
  response_json: string | null;
  gap_from: number | null;
  gap_to: number | null;
}

export const fromRow = (r: Row): StoredReport => ({
  deviceId: r.device_id,
  seq: r.seq,
  jti: r.jti,
  jws: r.jws,
  hash: r.hash,
  challenged: r.challenged === 1,
  collectedAt: r.collected_at,
  createdAt: r.created_at,
  state: r.state,
  attempts: r.attempts,
  deliveredAt: r.delivered_at,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  responseJson: r.response_json,
  gap: r.gap_from !== null && r.gap_to !== null ? { from: r.gap_from, to: r.gap_to } : null,
});
