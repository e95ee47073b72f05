import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/fixtures.js';
import { managedPreferencesSource } from './managed-darwin.js';

const uid = process.getuid?.() ?? 0;
const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/managed/${name}`, import.meta.url));
/** A private copy, so modes can be changed without touching the checked-out fixture. */
function copy(name: string, mode = 0o644): string {
  const path = join(tempDir(), name);
  copyFileSync(fixture(name), path);
  chmodSync(path, mode);
  return path;
}

describe('managedPreferencesSource', () => {
  it.each(['darwin-managed.xml.plist', 'darwin-managed.binary.plist'])(
    'reads %s, dropping Payload* metadata',
    async (name) => {
      const path = copy(name);
      const result = await managedPreferencesSource({ path, expectedUid: uid }).read();
      expect(result).toEqual({
        origin: path,
        values: {
          checks: ['os.version', 'disk.encryption'],
          intervalMinutes: 10,
          ownership: 'personal',
          push: { timeoutMs: 20000 },
          serverUrl: 'https://vigil.example.com',
          tray: { allowHideWhenHealthy: true },
        },
      });
    },
  );

  it('treats a missing file as "nothing managed"', async () => {
    const path = join(tempDir(), 'absent.plist');
    expect(await managedPreferencesSource({ path }).read()).toEqual({ origin: path, values: null });
  });

  it('refuses a file owned by someone else or writable by others', async () => {
    const path = copy('darwin-managed.xml.plist');
    const wrongOwner = await managedPreferencesSource({ path, expectedUid: uid + 1 }).read();
    expect(wrongOwner).toMatchObject({ values: null, problem: expect.stringContaining('refused') });
    chmodSync(path, 0o666);
    const writable = await managedPreferencesSource({ path, expectedUid: uid }).read();
    expect(writable).toMatchObject({
      values: null,
      problem: expect.stringContaining('not writable by group or others'),
    });
  });

  it('reports a damaged file instead of treating it as empty', async () => {
    const path = join(tempDir(), 'broken.plist');
    writeFileSync(path, '<plist><dict><key>serverUrl</key></dict></plist>', { mode: 0o644 });
    const result = await managedPreferencesSource({ path, expectedUid: uid }).read();
    expect(result).toMatchObject({ values: null, problem: expect.stringContaining('not a valid property list') });
    writeFileSync(path, '<plist><array/></plist>');
    expect((await managedPreferencesSource({ path, expectedUid: uid }).read()).problem).toContain(
      'must be a dictionary',
    );
  });
});
