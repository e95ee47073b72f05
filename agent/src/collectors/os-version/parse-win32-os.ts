import type { OsVersionValue } from '@vigil/shared';
import { asObject, int, str } from '../windows/json.js';

/**
 * `10.0.22631` + UBR 4460 → build `10.0.22631.4460`, the number Windows Update advances and the
 * policy compares. The version shown is DisplayVersion (`23H2`), else ReleaseId (`1809`) on
 * builds before 20H2.
 */
export function parseWin32Os(json: unknown): OsVersionValue | null {
  const os = asObject(json);
  const version = str(os?.version);
  if (!os || !version || !/^\d+\.\d+\.\d+$/.test(version)) return null;
  const ubr = int(os.ubr);
  const caption = (str(os.caption) ?? 'Windows').replace(/^Microsoft\s+/, '');
  return {
    platform: 'win32',
    distroId: 'windows',
    name: caption.slice(0, 200),
    version: (str(os.displayVersion) ?? str(os.releaseId) ?? version).slice(0, 100),
    build: ubr === null ? version : `${version}.${ubr}`,
  };
}
