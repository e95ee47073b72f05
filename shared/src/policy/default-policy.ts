/**
 * The policy Vigil applies when none is given. Kept as YAML text (the same form an admin writes)
 * so `vigil policy default` can print it as a starting point; remediation is data, not code.
 */
import { parsePolicy } from './load.js';
import type { Policy } from './schema.js';

export const DEFAULT_POLICY_YAML = `# Vigil default policy. Copy it, change it, and pass it with --policy FILE.
# Requirements: always | suggested | never | if_supported.
# Enforcement modes: report | notify | warn-then-block | block.
id: vigil-default
description: Baseline for company devices - current OS, security updates, encrypted disks, firewall on.
enforcement:
  mode: block
  graceDays: 0
reportIntervalMinutes: 15
checks:
  os.version:
    requirement: always
    unlistedDistro: unknown
    rules:
      linux:
        ubuntu: { minimum: "22.04", nudgeBelow: "24.04" }
        debian: { minimum: "12", nudgeBelow: "13" }
        fedora: { minimum: "41", nudgeBelow: "42" }
        rhel: { minimum: "9", nudgeBelow: "10" }
        rocky: { minimum: "9", nudgeBelow: "10" }
        almalinux: { minimum: "9", nudgeBelow: "10" }
        centos: { minimum: "9" }
        linuxmint: { minimum: "21", nudgeBelow: "22" }
        pop: { minimum: "22.04" }
        opensuse-leap: { minimum: "15.6" }
        arch: { minimum: "0" }
      darwin: { minimum: "14.0", nudgeBelow: "15.0" }
      win32: { minimum: "10.0.19045", nudgeBelow: "10.0.22631" }
  os.patches:
    requirement: always
    maxPendingSecurityUpdates: 0
    maxDaysSinceLastPatch: 45
    maxPackageListAgeDays: 7
    warnOnRebootRequired: true
  disk.encryption:
    requirement: always
    includeSwap: true
  net.firewall:
    requirement: always
    requireDefaultDeny: true
remediation:
  os.version:
    linux: >-
      Your Linux release is too old to receive security fixes. Back up your files, then upgrade to a
      supported release (Ubuntu: run "sudo do-release-upgrade"; Debian: follow the release notes for
      the next release; Fedora: "sudo dnf system-upgrade"). Ask IT if you are unsure.
    darwin: >-
      Open System Settings > General > Software Update and install the latest macOS version, then
      restart.
    win32: >-
      Open Settings > Windows Update, select "Check for updates", install the feature update and
      restart.
  os.patches:
    linux: >-
      Install the pending security updates: open "Software Updater" (or run "sudo apt update && sudo
      apt upgrade" on Debian/Ubuntu, "sudo dnf upgrade --security" on Fedora/RHEL), then restart if
      asked.
    darwin: >-
      Open System Settings > General > Software Update, install all updates marked as security or
      recommended, then restart.
    win32: >-
      Open Settings > Windows Update, select "Check for updates", install everything offered and
      restart when asked.
  disk.encryption:
    linux: >-
      Linux disks are encrypted with LUKS when the system is installed; an existing unencrypted
      disk cannot be switched on in place safely. Back up your files and ask IT to reinstall with
      "Encrypt the new installation" selected (swap included).
    darwin: >-
      Open System Settings > Privacy & Security > FileVault and select "Turn On". Keep the recovery
      key where IT tells you. Keep the Mac plugged in until encryption finishes.
    win32: >-
      Open Settings > Privacy & security > Device encryption (or Control Panel > BitLocker Drive
      Encryption) and turn encryption on for every drive. Keep the recovery key where IT tells you.
  net.firewall:
    linux: >-
      Turn the firewall on so other computers cannot connect to yours: on Ubuntu run "sudo ufw
      enable"; on Fedora/RHEL run "sudo systemctl enable --now firewalld"; on Debian install and
      enable nftables ("sudo systemctl enable --now nftables") with a policy that drops incoming
      traffic.
    darwin: >-
      Open System Settings > Network > Firewall and turn it on.
    win32: >-
      Open Windows Security > Firewall & network protection and turn the firewall on for the Domain,
      Private and Public networks.
`;

export const DEFAULT_POLICY: Policy = parsePolicy(DEFAULT_POLICY_YAML, 'default policy');
