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
description: >-
  Baseline for company devices - current OS, security updates, encrypted disks, firewall on,
  screen lock, Secure Boot where the firmware has it, malware protection and an intact agent.
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
    # Standard LUKS installs keep these plain so the boot loader can read the kernel.
    excludeMountpoints: ["/boot", "/boot/efi", "/efi"]
  net.firewall:
    requirement: always
    requireDefaultDeny: true
  os.auto_updates:
    requirement: suggested
    failWhenPaused: false
  # suggested until a per-user helper reads it: the daemon runs as root, outside any session.
  screen.lock:
    requirement: suggested
    maxDelaySeconds: 900
  # if_supported: a machine booted by legacy BIOS has no Secure Boot to turn on; it is "not
  # applicable" there, while a UEFI machine with Secure Boot off fails.
  boot.secure:
    requirement: if_supported
  device.tpm:
    requirement: suggested
    minimumVersion: "2.0"
  # if_supported: Linux has no standard antivirus; a known agent that is installed must run.
  av.enabled:
    requirement: if_supported
    requireRealTimeProtection: true
    warnOnOutdatedSignatures: true
  agent.integrity:
    requirement: always
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
  os.auto_updates:
    linux: >-
      Turn on automatic security updates: on Debian/Ubuntu run "sudo apt install unattended-upgrades"
      then "sudo dpkg-reconfigure -plow unattended-upgrades" and answer Yes; on Fedora/RHEL run
      "sudo dnf install dnf-automatic" then "sudo systemctl enable --now dnf-automatic-install.timer".
    darwin: >-
      Open System Settings > General > Software Update, select the (i) next to Automatic updates and
      turn on "Check for updates", "Download new updates when available" and "Install Security
      Responses and system files".
    win32: >-
      Open Settings > Windows Update and select "Resume updates" if updates are paused. If the page
      says some settings are managed by your organization, contact IT.
  screen.lock:
    linux: >-
      Make the screen lock when you are away: in GNOME open Settings > Privacy & Security > Screen
      Lock (older versions: Settings > Privacy > Screen) and turn on "Automatic Screen Lock", with a
      blank-screen delay of 15 minutes or less; in KDE open System Settings > Screen Locking and set
      "Lock screen automatically" to 15 minutes or less.
    darwin: >-
      Open System Settings > Lock Screen, set "Start Screen Saver when inactive" or "Turn display off
      when inactive" to 15 minutes or less, and "Require password after screen saver begins or
      display is turned off" to "Immediately".
    win32: >-
      Open Settings > Personalization > Lock screen > Screen saver, choose a screen saver, set "Wait"
      to 15 minutes or less and tick "On resume, display logon screen".
  boot.secure:
    linux: >-
      Secure Boot is off in this computer's firmware. Restart, open the firmware setup (usually F2,
      F10, F12 or Del at power-on), enable Secure Boot, and make sure your distribution's signed boot
      loader (shim) is installed. Ask IT before changing firmware settings.
    darwin: >-
      Start up in macOS Recovery, open Utilities > Startup Security Utility and choose "Full
      Security". Ask IT first if your Mac needs reduced security for approved software.
    win32: >-
      Secure Boot is off in this PC's firmware. Open Settings > System > Recovery > Advanced startup,
      then Troubleshoot > Advanced options > UEFI Firmware Settings, enable Secure Boot and restart.
      Ask IT before changing firmware settings.
  device.tpm:
    linux: >-
      No TPM 2.0 was found. Enable the TPM (often called PTT, fTPM or Security Chip) in the firmware
      setup; on a virtual machine, ask IT to add a virtual TPM.
    darwin: >-
      This Mac has no Secure Enclave (it predates the Apple T2 chip). Ask IT about replacing it.
    win32: >-
      Open Windows Security > Device security > Security processor details. If no security processor
      is shown, enable the TPM (PTT or fTPM) in the firmware settings, or ask IT.
  av.enabled:
    linux: >-
      The malware protection installed on this computer is not running. Ask IT to restart or reinstall
      it (for example "sudo systemctl enable --now mdatp" or "clamav-daemon").
    darwin: >-
      Built-in malware protection is weakened. Open System Settings > Privacy & Security and set
      "Allow applications from" to "App Store and identified developers". If System Integrity
      Protection is off, ask IT: it is turned back on from macOS Recovery ("csrutil enable").
    win32: >-
      Open Windows Security > Virus & threat protection and turn on "Real-time protection", then
      select "Protection updates" > "Check for updates".
  agent.integrity:
    linux: >-
      The Vigil agent on this computer is outdated or its files were changed. Reinstall it from the
      package your IT department provides.
    darwin: >-
      The Vigil agent on this Mac is outdated or its files were changed. Reinstall it from the
      package your IT department provides.
    win32: >-
      The Vigil agent on this PC is outdated or its files were changed. Reinstall it from the
      installer your IT department provides.
`;

export const DEFAULT_POLICY: Policy = parsePolicy(DEFAULT_POLICY_YAML, 'default policy');
