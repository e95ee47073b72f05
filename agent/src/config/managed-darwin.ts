/**
 * macOS managed preferences: a configuration profile (installers/macos/vigil.mobileconfig, or the
 * MDM's custom-settings payload for the `dev.vigil.agent` domain) installed at device level makes
 * macOS write the enforced keys to /Library/Managed Preferences/dev.vigil.agent.plist. Only the
 * system can write there; the agent still refuses a file a non-root user could have changed.
 */
import { open } from 'node:fs/promises';
import type { ManagedConfigSource, ManagedReadResult } from './managed.js';
import { parsePlist, PlistError } from './managed-plist.js';
import { XmlSyntaxError } from './managed-xml.js';

export const DARWIN_MANAGED_DOMAIN = 'dev.vigil.agent';
export const DARWIN_MANAGED_PLIST = `/Library/Managed Preferences/${DARWIN_MANAGED_DOMAIN}.plist`;

// A managed-preferences file is a few hundred bytes; a huge one is damage or an attack.
const MAX_BYTES = 1024 * 1024;

export interface DarwinSourceOptions {
  path?: string;
  /** The owner the file must have: root, except in tests that read checked-out fixtures. */
  expectedUid?: number;
}

export function managedPreferencesSource(options: DarwinSourceOptions = {}): ManagedConfigSource {
  const path = options.path ?? DARWIN_MANAGED_PLIST;
  const expectedUid = options.expectedUid ?? 0;
  return {
    name: 'macOS managed preferences',
    read: () => readManagedPlist(path, expectedUid),
  };
}

async function readManagedPlist(path: string, expectedUid: number): Promise<ManagedReadResult> {
  const none = (problem?: string): ManagedReadResult => ({
    origin: path,
    values: null,
    ...(problem ? { problem } : {}),
  });
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return none();
    return none(`cannot read: ${(error as Error).message}`);
  }
  let parsed;
  try {
    // Checked on the open handle, so the file judged is the file read.
    const info = await handle.stat();
    if (!info.isFile()) return none('not a regular file');
    if (info.uid !== expectedUid || (info.mode & 0o022) !== 0) {
      return none(`refused: must be owned by uid ${expectedUid} and not writable by group or others`);
    }
    if (info.size > MAX_BYTES) return none(`refused: larger than ${MAX_BYTES} bytes`);
    parsed = parsePlist(await handle.readFile());
  } catch (error) {
    const invalid = error instanceof PlistError || error instanceof XmlSyntaxError;
    return none(`${invalid ? 'not a valid property list' : 'cannot read'}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return none('not a valid property list: the top level must be a dictionary');
  }
  return { origin: path, values: withoutPayloadMetadata(parsed) };
}

/**
 * A profile written with the domain as its PayloadType carries Payload* metadata (PayloadUUID,
 * PayloadVersion…) beside the settings; those describe the profile and are never settings, so
 * they are dropped here instead of failing the strict schema. Any other unknown key still fails.
 */
function withoutPayloadMetadata(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !/^Payload[A-Z]/.test(key)));
}
