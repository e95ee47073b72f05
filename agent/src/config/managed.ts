/**
 * Managed (MDM) configuration sources, one per platform. Linux reads a JSON file that
 * configuration management drops in place; macOS reads the configuration profile's managed
 * preferences and Windows the Group Policy / Intune registry key.
 */
import { readFile } from 'node:fs/promises';
import { exec } from '../platform/exec.js';
import { managedPreferencesSource } from './managed-darwin.js';
import { registryPolicySource } from './managed-win32.js';

export interface ManagedReadResult {
  /** Where the values came from, for messages (`/etc/vigil/managed.json`). */
  origin: string;
  /** Parsed but not yet validated; null when the source holds nothing. */
  values: unknown;
  /** A problem reading the source (unreadable, not JSON): reported, never silently ignored. */
  problem?: string;
}

export interface ManagedConfigSource {
  readonly name: string;
  read(): Promise<ManagedReadResult>;
}

export const LINUX_MANAGED_FILE = '/etc/vigil/managed.json';

export function jsonFileSource(path: string, name = 'managed file'): ManagedConfigSource {
  return {
    name,
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { origin: path, values: null };
        return { origin: path, values: null, problem: `cannot read: ${(error as Error).message}` };
      }
      try {
        return { origin: path, values: JSON.parse(text) as unknown };
      } catch (error) {
        return { origin: path, values: null, problem: `not valid JSON: ${(error as Error).message}` };
      }
    },
  };
}

export function defaultManagedSources(platform: NodeJS.Platform): ManagedConfigSource[] {
  if (platform === 'linux') return [jsonFileSource(LINUX_MANAGED_FILE)];
  if (platform === 'darwin') return [managedPreferencesSource()];
  if (platform === 'win32') return [registryPolicySource(exec)];
  return [];
}
