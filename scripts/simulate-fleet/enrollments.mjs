// Enrolled devices, cached per service (keyed by the CA that signs its TLS certificate) next to
// the cached keys: certificate, device id and the last chain position the service acknowledged,
// so a later run against the same service goes on where this one stopped. Certificates close
// to expiry are enrolled again. A stale chain (a run killed before saving) is caught by the
// service as a fork, and the simulator resyncs the device.
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deviceKeys, enrollKey, mintEnrollmentToken } from '../bench/device-identity.mjs';

const MIN_REMAINING_MS = 24 * 3_600_000;

export class EnrollmentCache {
  constructor(cacheDir, caPem) {
    const id = createHash('sha256').update(caPem).digest('hex').slice(0, 16);
    this.file = join(cacheDir, `enrollments-${id}.json`);
    this.devices = existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')).devices : {};
  }

  usable(index) {
    const entry = this.devices[index];
    return entry && Date.parse(entry.notAfter) - Date.now() > MIN_REMAINING_MS ? entry : undefined;
  }

  updateChains(states) {
    for (const { index, seq, prev } of states) {
      const entry = this.devices[index];
      if (entry) Object.assign(entry, { seq, prev: prev ?? null });
    }
  }

  save() {
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify({ version: 1, devices: this.devices }), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

/**
 * Devices [from, to) ready for the fleet: keys from the key cache, enrolled on the service (only
 * those not enrolled yet), each assigned a replica round-robin.
 * @param target {urls: string[], ca: string, adminToken: string}
 */
export async function enrolledDevices({ target, cache, keyDir, from, to, log }) {
  const keys = await deviceKeys(to - from, { cacheDir: keyDir, start: from, log });
  const missing = [];
  for (let index = from; index < to; index++) if (!cache.usable(index)) missing.push(index);
  if (missing.length > 0) {
    log(`enrolling ${missing.length} devices…`);
    const server = { url: target.urls[0], ca: target.ca };
    const token = await mintEnrollmentToken({ ...server, adminToken: target.adminToken }, missing.length);
    for (let at = 0; at < missing.length; at += 16) {
      await Promise.all(
        missing.slice(at, at + 16).map(async (index) => {
          const { deviceId, certificate } = await enrollKey(server, token, keys[index - from]);
          const notAfter = new Date(new X509Certificate(certificate).validTo).toISOString();
          cache.devices[index] = { deviceId, certificate, notAfter, seq: 0, prev: null };
        }),
      );
    }
    cache.save();
  }
  return keys.map((pair, i) => {
    const index = from + i;
    const entry = cache.devices[index];
    return {
      index,
      deviceId: entry.deviceId,
      certificate: entry.certificate,
      keyPem: pair.pem,
      url: target.urls[index % target.urls.length],
      ca: target.ca,
      seq: entry.seq,
      prev: entry.prev ?? undefined,
    };
  });
}
