/**
 * Whether this replica should get new traffic. It stops being ready the moment it starts to
 * drain (SIGTERM), before the listener closes, so a load balancer polling `/readyz` moves new
 * connections to the other replicas while in-flight requests here still finish.
 */
export class Readiness {
  private drainingSince: Date | undefined;

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  startDrain(now = new Date()): void {
    this.drainingSince ??= now;
  }
}
