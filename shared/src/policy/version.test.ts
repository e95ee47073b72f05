import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion } from './version.js';

describe('compareVersions', () => {
  it.each([
    ['22.04', '22.04.4', -1],
    ['22.04.4', '22.04', 1],
    ['22.04', '22.04.0', 0],
    ['22.04.4 LTS', '22.04.4', 0],
    ['12 (bookworm)', '12', 0],
    ['12 (bookworm)', '13', -1],
    ['10.0.22631.4460', '10.0.22631', 1],
    ['10.0.22631.4460', '10.0.22631.4602', -1],
    ['10.0.19045.5131', '10.0.22631', -1],
    ['14.4.1 (a)', '14.4.1', 1],
    ['14.4.1 (a)', '14.4.1 (b)', -1],
    ['14.4.1 (a)', '14.4.2', -1],
    ['14.10', '14.9', 1],
  ])('%s vs %s → %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b) ?? NaN)).toBe(sign);
  });

  it('refuses text that is not a version instead of guessing', () => {
    expect(parseVersion('rolling')).toBeNull();
    expect(compareVersions('unknown', '1')).toBeNull();
    expect(parseVersion('99999999999999999999.1')).toBeNull();
  });
});
