import { describe, expect, it } from 'vitest';
import { createLinkPolicy, helpHostOf } from './link-policy.js';

const policy = createLinkPolicy({ helpHosts: ['help.example.com'] });

describe('link policy', () => {
  it.each([
    'https://help.example.com/vigil/disk-encryption',
    'https://HELP.example.com/a?b=c#d',
    'ms-settings:windowsupdate',
    'ms-settings:deviceencryption',
    'x-apple.systempreferences:com.apple.preference.security?FileVault',
    'x-apple.systempreferences:com.apple.preferences.softwareupdate',
  ])('allows %s', (url) => {
    expect(policy.isAllowed(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'http://help.example.com/vigil',
    'https://evil.example.net/',
    'https://help.example.com.evil.net/',
    'https://evil.net/?https://help.example.com',
    'https://user:pass@help.example.com/',
    'https://help.example.com@evil.net/',
    'https://help.example.com:8443/',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'smb://server/share',
    'ms-settings:windowsupdate & calc.exe',
    'ms-settings:../../x',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    'x-apple.systempreferences:com.apple/../../x',
    'steam://run/1',
    'vscode://file/etc/passwd',
    '',
    `https://help.example.com/${'a'.repeat(3000)}`,
  ])('denies %s', (url) => {
    expect(policy.isAllowed(url)).toBe(false);
  });

  it('allows no https host at all when none is configured', () => {
    expect(createLinkPolicy({ helpHosts: [] }).isAllowed('https://help.example.com/')).toBe(false);
  });

  it('takes the help host only from https URLs', () => {
    expect(helpHostOf('https://Help.Example.com/vigil')).toBe('help.example.com');
    expect(helpHostOf('http://help.example.com/')).toBeUndefined();
    expect(helpHostOf('not a url')).toBeUndefined();
    expect(helpHostOf(undefined)).toBeUndefined();
  });
});
