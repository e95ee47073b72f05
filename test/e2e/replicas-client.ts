/**
 * HTTPS clients for the replica race test: one keep-alive mTLS connection per (device, replica),
 * opened before a round, so two requests fired "at once" reach the two replicas within a
 * fraction of a millisecond instead of a TLS handshake apart.
 */
import { Agent } from 'node:https';
import type { TestDevice } from '../../service/src/test-support/index.js';
import { httpsRequest, type HttpsResponse, type SignedReport } from '../../service/src/test-support/index.js';

export interface Replica {
  name: string;
  url: string;
}

export class DeviceClient {
  private readonly agents = new Map<string, Agent>();

  constructor(
    readonly device: TestDevice,
    private readonly ca: string,
  ) {}

  private agent(replica: Replica): Agent {
    let agent = this.agents.get(replica.url);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      this.agents.set(replica.url, agent);
    }
    return agent;
  }

  request(
    replica: Replica,
    path: string,
    options: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) {
    return httpsRequest(`${replica.url}${path}`, {
      ca: this.ca,
      key: this.device.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      cert: this.device.certPem,
      agent: this.agent(replica),
      ...options,
    });
  }

  /** Opens (or re-uses) the connection to each replica, so the next requests start at once. */
  async warm(...replicas: Replica[]): Promise<void> {
    await Promise.all(replicas.map((replica) => this.request(replica, '/healthz')));
  }

  async challenge(replica: Replica): Promise<string> {
    const response = await this.request(replica, '/v1/challenges', { method: 'POST' });
    if (response.status !== 201) throw new Error(`challenge at ${replica.name}: ${response.status} ${response.text}`);
    return response.json<{ nonce: string }>().nonce;
  }

  evidence(replica: Replica, report: Pick<SignedReport, 'jws' | 'jti'>): Promise<HttpsResponse> {
    return this.request(replica, '/v1/evidence', {
      method: 'POST',
      headers: { 'content-type': 'application/eat+jwt', 'idempotency-key': report.jti },
      body: report.jws,
    });
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
  }
}

export const code = (response: HttpsResponse) => response.json<{ code?: string }>().code;
