import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../test-support/fixtures.js';
import { unitGroup } from './unit.js';

describe('unit group', () => {
  it('starts in order, stops in reverse, and bounds a stuck stop by the timeout', async () => {
    const events: string[] = [];
    const { log, lines } = recordingLogger();
    const unit = (name: string, stop: () => Promise<void> = async () => undefined) => ({
      name,
      start: async () => void events.push(`start ${name}`),
      stop: async () => {
        events.push(`stop ${name}`);
        await stop();
      },
    });
    const group = unitGroup([unit('a'), unit('b', () => new Promise(() => undefined)), unit('c')], {
      log,
      stopTimeoutMs: 50,
    });
    await group.start();
    await group.stop();
    expect(events).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
    expect(lines.find((l) => l.msg === 'unit did not stop in time')).toMatchObject({ unit: 'b' });
  });

  it('stops what started when a later unit fails to start', async () => {
    const events: string[] = [];
    const { log } = recordingLogger();
    const group = unitGroup(
      [
        { name: 'a', start: async () => void events.push('start a'), stop: async () => void events.push('stop a') },
        { name: 'b', start: async () => Promise.reject(new Error('socket in use')), stop: async () => undefined },
      ],
      { log, stopTimeoutMs: 50 },
    );
    await expect(group.start()).rejects.toThrow('socket in use');
    expect(events).toEqual(['start a', 'stop a']);
  });
});
