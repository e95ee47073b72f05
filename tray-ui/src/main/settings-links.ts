/**
 * Deep links into the OS settings page that fixes each check. Windows and macOS have URL schemes
 * that only open a settings pane; Linux has none that does not run a command, so none is offered,
 * nor for firmware settings (Secure Boot, TPM) that no settings page can change.
 * Pane ids: https://learn.microsoft.com/windows/apps/develop/launch/launch-settings-app and the
 * macOS `x-apple.systempreferences` pane identifiers.
 */
import type { CheckId, Platform } from '@vigil/shared';
import type { LinkView } from '../health-view.js';

const WINDOWS_UPDATE: LinkView = { label: 'Open Windows Update', url: 'ms-settings:windowsupdate' };
const WINDOWS_SECURITY: LinkView = { label: 'Open Windows Security', url: 'ms-settings:windowsdefender' };
const SOFTWARE_UPDATE: LinkView = {
  label: 'Open Software Update',
  url: 'x-apple.systempreferences:com.apple.preferences.softwareupdate',
};

const LINKS: Partial<Record<Platform, Partial<Record<CheckId, LinkView>>>> = {
  win32: {
    'os.version': WINDOWS_UPDATE,
    'os.patches': WINDOWS_UPDATE,
    'os.auto_updates': { label: 'Open Windows Update options', url: 'ms-settings:windowsupdate-options' },
    'disk.encryption': { label: 'Open Device encryption settings', url: 'ms-settings:deviceencryption' },
    'net.firewall': WINDOWS_SECURITY,
    'av.enabled': WINDOWS_SECURITY,
    'screen.lock': { label: 'Open Lock screen settings', url: 'ms-settings:lockscreen' },
  },
  darwin: {
    'os.version': SOFTWARE_UPDATE,
    'os.patches': SOFTWARE_UPDATE,
    'os.auto_updates': SOFTWARE_UPDATE,
    'disk.encryption': {
      label: 'Open FileVault settings',
      url: 'x-apple.systempreferences:com.apple.preference.security?FileVault',
    },
    'net.firewall': {
      label: 'Open Firewall settings',
      url: 'x-apple.systempreferences:com.apple.preference.security?Firewall',
    },
  },
};

export function settingsLink(platform: Platform, check: CheckId): LinkView | undefined {
  return LINKS[platform]?.[check];
}
