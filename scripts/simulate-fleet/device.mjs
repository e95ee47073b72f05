// One virtual device, behaving like the agent's cycle (agent/src/cycle): deliver the outbox in
// sequence order (unchallenged reports queued while offline), then challenge → sign → evidence.
// 503/429 answers are retried after their Retry-After (like the agent's got client); a report
// that could not be delivered waits in the outbox; one refused for a stale nonce is re-signed
// unchallenged at the same position; a fork (sequence/chain refused) is resynced by the admin.
import { accept, signReport } from '../bench/device-identity.mjs';
import { postAdmin } from './transport.mjs';

const RETRIES = 2;
const FORK_CODES = new Set(['VIGIL_EVIDENCE_SEQUENCE', 'VIGIL_EVIDENCE_CHAIN']);
const MAX_RETRY_AFTER_MS = 30_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class VirtualDevice {
  /**
   * @param identity {index, deviceId, privateKey, keyPem, certificate, header, url, ca, seq, prev}
   * @param ctx {transport, recorder, rng, postures: {healthy, noncompliant}, admin: {token},
   *             goOffline (probability per cycle), offlineShare, flips (alternates postures)}
   */
  constructor(identity, ctx) {
    Object.assign(this, identity);
    this.ctx = ctx;
    this.acked = { seq: this.seq, prev: this.prev };
    this.outbox = [];
    this.offlineCycles = ctx.rng() < ctx.offlineShare ? randInt(ctx.rng, 1, 8) : 0;
    this.noncompliant = false;
    this.episodeLeft = randInt(ctx.rng, 1, 8);
  }

  async cycle(scheduledAt) {
    const { recorder, transport } = this.ctx;
    const postureJson = this.nextPosture();
    if (this.isOffline()) {
      await this.queue(postureJson);
      recorder.count('queued');
      return;
    }
    const conn = transport.open(this);
    try {
      let start = scheduledAt;
      if (this.outbox.length > 0) {
        if (!(await this.drain(conn))) return void (await this.queue(postureJson));
        start = performance.now();
      }
      // No retry: a challenge carries no Idempotency-Key (the agent's client retries only those).
      const challenge = await this.call(conn, '/v1/challenges', {}, '', 0);
      if (challenge?.status !== 201) {
        // The report goes unchallenged (history only): now when only rate-limited, as the agent
        // does; next cycle when the service is overloaded or unreachable.
        await this.queue(postureJson);
        if (challenge?.status === 429) await this.drain(conn);
        return;
      }
      const report = await signReport(this, { nonce: JSON.parse(challenge.text).nonce, postureJson });
      accept(this, report);
      const outcome = await this.submit(conn, report);
      if (outcome === 'accepted') recorder.latency('report', performance.now() - start);
      else await this.settle(report, outcome, false);
    } finally {
      conn.close();
    }
  }

  nextPosture() {
    if (this.ctx.flips(this) && --this.episodeLeft <= 0) {
      this.noncompliant = !this.noncompliant;
      this.episodeLeft = randInt(this.ctx.rng, 2, 8);
    }
    return this.noncompliant ? this.ctx.postures.noncompliant : this.ctx.postures.healthy;
  }

  isOffline() {
    if (this.offlineCycles > 0) return (this.offlineCycles--, true);
    if (this.ctx.rng() >= this.ctx.goOffline) return false;
    this.offlineCycles = randInt(this.ctx.rng, 2, 8) - 1;
    return true;
  }

  /** Signs an unchallenged report into the outbox; the local chain moves on. */
  async queue(postureJson) {
    const report = await signReport(this, { postureJson });
    accept(this, report);
    this.outbox.push(report);
  }

  async drain(conn) {
    while (this.outbox.length > 0) {
      const report = this.outbox[0];
      const started = performance.now();
      const outcome = await this.submit(conn, report);
      if (outcome === 'accepted') {
        this.outbox.shift();
        this.ctx.recorder.latency('backlog', performance.now() - started);
      } else if (!(await this.settle(report, outcome, true))) return false;
    }
    return true;
  }

  /** After a failed delivery: returns whether delivery can go on in this cycle. */
  async settle(report, outcome, inOutbox) {
    if (outcome === 'transient') {
      if (!inOutbox) this.outbox.push(report);
      return false;
    }
    if (outcome === 'stale-nonce') {
      const resigned = await signReport(
        { ...this, seq: report.seq - 1, prev: report.prev },
        {
          postureJson: report.postureJson,
        },
      );
      if (inOutbox) this.outbox[0] = resigned;
      else this.outbox.push(resigned);
      return inOutbox;
    }
    if (outcome === 'forked') {
      // The service flagged a fork (e.g. chain state lost by an interrupted earlier run): an
      // admin resync lets the next challenged report re-anchor the chain.
      const response = await postAdmin(
        this.url,
        this.ca,
        this.ctx.admin.token,
        `/v1/admin/devices/${this.deviceId}/resync`,
      );
      this.ctx.recorder.count('resynced');
      if (response.status !== 200) this.ctx.recorder.error(`resync ${response.status}`);
    } else {
      this.seq = this.acked.seq;
      this.prev = this.acked.prev;
    }
    this.outbox.length = 0;
    return true;
  }

  /** Delivers one report; 503/429 are retried after Retry-After. */
  async submit(conn, report) {
    const headers = { 'content-type': 'application/eat+jwt', 'idempotency-key': report.jti };
    const response = await this.call(conn, '/v1/evidence', headers, report.jws);
    if (!response) return 'transient';
    if (response.status === 200) {
      if (report.seq > this.acked.seq) this.acked = { seq: report.seq, prev: report.hash };
      this.ctx.recorder.accepted(report.challenged, JSON.parse(response.text).verdict?.status);
      return 'accepted';
    }
    const code = codeOf(response);
    if (response.status >= 500 || response.status === 429 || code === 'VIGIL_IDEMPOTENCY_IN_PROGRESS')
      return 'transient';
    if (code.startsWith('VIGIL_EVIDENCE_NONCE_') && report.challenged) return 'stale-nonce';
    return FORK_CODES.has(code) ? 'forked' : 'rejected';
  }

  /** One POST with the agent's retries on 503/429; null on a network failure (recorded). */
  async call(conn, path, headers, body, retries = RETRIES) {
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await conn.post(path, headers, body);
      } catch (error) {
        this.ctx.recorder.error(error.code ?? 'NETWORK_ERROR');
        return null;
      }
      if (response.status < 400) return response;
      this.ctx.recorder.error(`${response.status} ${codeOf(response)}`);
      if ((response.status !== 503 && response.status !== 429) || attempt >= retries) return response;
      await sleep(retryAfterMs(response.headers['retry-after']));
    }
  }
}

function codeOf(response) {
  try {
    return String(JSON.parse(response.text).code ?? '');
  } catch {
    return '';
  }
}

function retryAfterMs(value) {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 1000;
}

export const randInt = (rng, min, max) => min + Math.floor(rng() * (max - min + 1));
