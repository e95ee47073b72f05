/**
 * The user's tray preferences (today: hide the icon while healthy), kept as a small JSON file in
 * the app's user-data folder. A missing or damaged file means defaults, never a crash.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { TrayPreferences } from './menu-model.js';

const PrefsSchema = z.object({ hideWhenHealthy: z.boolean().default(false) });

export const DEFAULT_PREFERENCES: TrayPreferences = { hideWhenHealthy: false };

export interface PrefsStore {
  load(): Promise<TrayPreferences>;
  save(prefs: TrayPreferences): Promise<void>;
}

export function createPrefsStore(file: string): PrefsStore {
  return {
    async load() {
      try {
        const parsed = PrefsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
        return parsed.success ? parsed.data : { ...DEFAULT_PREFERENCES };
      } catch {
        return { ...DEFAULT_PREFERENCES };
      }
    },
    async save(prefs) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, `${JSON.stringify(prefs, null, 2)}\n`, { mode: 0o600 });
    },
  };
}
