import { describe, expect, it } from 'vitest';
import { CONSENT_STATEMENT, renderConsentStatement } from './statement.js';

describe('consent statement', () => {
  it('is versioned and says what is collected, how often, who sees it and how to stop', () => {
    expect(CONSENT_STATEMENT.version).toBe('1');
    for (const heading of [
      'What Vigil collects',
      'What Vigil never collects',
      'How often',
      'Who sees it',
      'How to stop',
    ])
      expect(CONSENT_STATEMENT.text).toContain(heading);
    expect(CONSENT_STATEMENT.text).toContain('vigil consent --withdraw');
    expect(CONSENT_STATEMENT.text).toContain('vigil unenroll');
    expect(Object.isFrozen(CONSENT_STATEMENT)).toBe(true);
  });

  it('renders the actual checks and cadence after the versioned text', () => {
    const text = renderConsentStatement({ checks: ['os.version', 'disk.encryption'], intervalMinutes: 15 });
    expect(text.startsWith(CONSENT_STATEMENT.text)).toBe(true);
    expect(text).toContain('Operating system version (os.version), Disk encryption (disk.encryption)');
    expect(text).toContain('every 15 minutes');
    expect(renderConsentStatement({ intervalMinutes: 60 })).toContain('every hour');
    expect(renderConsentStatement({ intervalMinutes: 120 })).toContain('every 2 hours');
    expect(renderConsentStatement()).toContain('only asks the service which checks apply');
    expect(renderConsentStatement({ checks: [] })).toContain('Checks: none.');
  });
});
