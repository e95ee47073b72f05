/** The administrator's side of the documented recovery paths, over the real admin API. */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

/** POST with the admin bearer token over TLS trusting only the service CA; the status code. */
export function postAdmin(url: string, token: string, caFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca: readFileSync(caFile), headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
