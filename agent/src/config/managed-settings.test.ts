import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '@vigil/shared';
import { settingSpecs } from './managed-settings.js';
import { ConfigLayerSchema } from './schema.js';

describe('settingSpecs', () => {
  it('describes every leaf of the config layer schema once, with its kind and limits', () => {
    const specs = settingSpecs();
    const byKey = new Map(specs.map((s) => [s.key, s]));
    expect(byKey.size).toBe(specs.length);
    for (const name of Object.keys(ConfigLayerSchema.shape)) {
      expect(byKey.has(name) || specs.some((s) => s.group === name), name).toBe(true);
    }
    expect(byKey.get('serverUrl')).toMatchObject({ kind: 'string', format: 'uri', manageable: true });
    expect(byKey.get('intervalMinutes')).toMatchObject({ kind: 'integer', minimum: 1, maximum: 1440 });
    expect(byKey.get('checks')).toMatchObject({ kind: 'list', values: [...CHECK_IDS], minItems: 1 });
    expect(byKey.get('ownership')).toMatchObject({ kind: 'enum', values: ['managed', 'personal'] });
    expect(byKey.get('push.timeoutMs')).toMatchObject({ group: 'push', name: 'timeoutMs', kind: 'integer' });
    expect(byKey.get('tray.allowHideWhenHealthy')).toMatchObject({ kind: 'boolean' });
  });

  it('keeps test-only and wiring settings out of the MDM templates', () => {
    const offered = settingSpecs()
      .filter((s) => !s.manageable)
      .map((s) => s.key);
    expect(offered).toEqual(['socketPath', 'intervalSeconds']);
  });
});
