import { describe, expect, it } from 'vitest';
import { earStatusFromVector, tierOf, worstStatus } from './ar4si.js';

describe('AR4SI tiers', () => {
  it.each([
    [undefined, 'none'],
    [0, 'none'],
    [1, 'none'],
    [2, 'affirming'],
    [31, 'affirming'],
    [32, 'warning'],
    [95, 'warning'],
    [96, 'contraindicated'],
    [127, 'contraindicated'],
  ] as const)('tier of %s is %s', (value, status) => {
    expect(tierOf(value)).toBe(status);
  });

  it('treats 0 and absent the same', () => {
    expect(earStatusFromVector({ configuration: 2, executables: 0 })).toBe(earStatusFromVector({ configuration: 2 }));
    expect(earStatusFromVector({})).toBe('none');
    expect(earStatusFromVector({ configuration: 0, 'instance-identity': 0 })).toBe('none');
  });

  it('recomputes the worst appraised claim', () => {
    expect(earStatusFromVector({ configuration: 2, 'instance-identity': 2 })).toBe('affirming');
    expect(earStatusFromVector({ configuration: 32, 'instance-identity': 2 })).toBe('warning');
    expect(earStatusFromVector({ configuration: 2, 'instance-identity': 96 })).toBe('contraindicated');
    expect(earStatusFromVector({ configuration: 1, 'instance-identity': 2 })).toBe('none');
  });

  it('reports key protection without appraising it, unless contraindicated or strict', () => {
    const software = { configuration: 2, 'instance-identity': 2, hardware: 0, 'storage-opaque': 32 };
    expect(earStatusFromVector(software)).toBe('affirming');
    expect(earStatusFromVector(software, { descriptive: [] })).toBe('warning');
    expect(earStatusFromVector({ ...software, 'storage-opaque': 96 })).toBe('contraindicated');
    expect(earStatusFromVector({ hardware: 2, 'storage-opaque': 2 })).toBe('none');
  });

  it('ranks none below warning for access decisions', () => {
    expect(worstStatus('affirming', 'warning')).toBe('warning');
    expect(worstStatus('warning', 'none')).toBe('none');
    expect(worstStatus('none', 'contraindicated')).toBe('contraindicated');
    expect(worstStatus()).toBe('affirming');
  });
});
