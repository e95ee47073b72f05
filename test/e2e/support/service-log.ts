/**
 * Reacts to the service's own request log (started with `logLevel: 'info'`) the moment a request
 * arrives, so a fault lands while that request is being processed: not a sleep that hopes to.
 */
import type { RunningService } from './processes.js';

/**
 * Resolves as soon as the service has logged `count` incoming requests on `route` (counted from
 * the start of this service process), and rejects after `timeoutMs`.
 */
export function whenRequests(service: RunningService, route: string, count: number, timeoutMs = 30_000): Promise<void> {
  const seen = () => requestCount(service, route);
  return new Promise((resolve, reject) => {
    const stdout = service.process.stdout!;
    const done = (error?: Error) => {
      clearTimeout(timer);
      stdout.off('data', check);
      service.process.off('exit', exited);
      if (error) reject(error);
      else resolve();
    };
    // Listeners run in registration order: the service's own collector has appended the chunk.
    const check = () => {
      if (seen() >= count) done();
    };
    const exited = () => done(new Error(`service exited before ${count} ${route} requests`));
    const timer = setTimeout(
      () => done(new Error(`timed out waiting for ${count} ${route} requests (saw ${seen()})`)),
      timeoutMs,
    );
    stdout.on('data', check);
    service.process.once('exit', exited);
    check();
  });
}

/** Requests on `route` this service process has logged so far. */
export function requestCount(service: RunningService, route: string): number {
  return service
    .logs()
    .split('\n')
    .filter((line) => line.includes('"msg":"incoming request"') && line.includes(`"route":"${route}"`)).length;
}
