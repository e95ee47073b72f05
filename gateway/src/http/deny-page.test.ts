import { describe, expect, it } from 'vitest';
import { reason } from '../reasons.js';
import { refuse } from '../verify/decision.js';
import { denyPage, escapeHtml } from './deny-page.js';

describe('denyPage', () => {
  it('escapes everything that comes from a token', () => {
    const page = denyPage(
      refuse([reason('VIGIL_GATEWAY_NONCOMPLIANT')], {
        checks: [{ check: '<img src=x onerror=alert(1)>', result: 'fail', reason: '"><script>alert(1)</script>' }],
        device: { id: "x'><b>", uri: 'urn:x' },
      }),
    );
    expect(page).not.toMatch(/<script>|<img|<b>/);
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('Open Vigil on this device');
  });

  it('names the check in words and tells a 401 from a 403', () => {
    const page403 = denyPage(
      refuse([reason('VIGIL_GATEWAY_CHECK_FAILED')], {
        checks: [{ check: 'disk.encryption', result: 'fail', reason: 'off' }],
      }),
    );
    expect(page403).toContain('Disk encryption');
    expect(page403).toContain('This device needs attention');
    expect(denyPage(refuse([reason('VIGIL_GATEWAY_EXPIRED')]))).toContain('Device check required');
  });

  it('lists a check without a reason (personal device) by name and result only', () => {
    const page = denyPage(
      refuse([reason('VIGIL_GATEWAY_NONCOMPLIANT')], {
        checks: [
          { check: 'disk.encryption', result: 'fail' },
          { check: 'os.patches', result: 'unknown' },
          { check: 'net.firewall', result: 'pass' },
        ],
      }),
    );
    expect(page).toContain('<li><strong>Disk encryption</strong> (fail)</li>');
    expect(page).toMatch(/<li><strong>[^<]+<\/strong> \(unknown\)<\/li>/);
    expect(page).not.toContain('undefined');
    expect(page.match(/<li>/g)).toHaveLength(2);
  });

  it('escapes the five HTML specials', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
