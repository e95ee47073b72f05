/**
 * The privacy panel: exactly what each enabled check reads, what leaves the device and what never
 * does. The per-check lists mirror the value schemas in shared/src/posture*.ts; the Record type
 * makes the build fail when a check id exists without a description here.
 */
import { CHECK_TITLES, type AgentStatus, type CheckId } from '@vigil/shared';
import type { PrivacyView } from '../health-view.js';

export const COLLECTED_BY_CHECK: Readonly<Record<CheckId, readonly string[]>> = {
  'os.version': ['Operating system name, version and build', 'Kernel version (Linux)'],
  'os.patches': [
    'Number of pending updates and security updates',
    'Names of pending security updates (up to 200)',
    'When updates were last installed and the package lists last refreshed',
    'Whether automatic updates are on and whether a restart is pending',
  ],
  'disk.encryption': ['For each disk volume and swap: mount point, device name, encryption state and method'],
  'net.firewall': ['Which firewall is active and whether it blocks incoming connections by default'],
  'os.auto_updates': [
    'Whether security updates install by themselves, how, whether they are paused, and whether your organisation sets this',
  ],
  'screen.lock': ['Whether the screen locks by itself, after how long, and where that setting was read'],
  'boot.secure': ['Whether Secure Boot (on Macs: secure boot) is on, and its mode or level'],
  'device.tpm': ['Whether a security chip (TPM or Secure Enclave) is present, its version, and whether it is ready'],
  'av.enabled': ['Names of installed antivirus products, and whether each is on, scanning in real time and up to date'],
  'agent.integrity': ["The Vigil agent's version and a checksum of its own program files"],
};

const ALWAYS_COLLECTED = [
  'Vigil agent version, operating system family and whether the device is managed or personal',
  'For every value: the command or file it was read from, when, and how long reading took',
];

const NEVER_COLLECTED = [
  'Your files, documents, e-mail or browsing history',
  'Passwords, keystrokes, screen contents or location',
  'The list of apps you installed (only antivirus products and pending security updates are named)',
];

export function privacyView(status: AgentStatus | undefined): PrivacyView {
  const checks = status ? [...new Set(status.checks.map((c) => c.check))] : [];
  return {
    intro:
      'Vigil reads only what the security policy needs, shows you every value it read, and holds no keys in this app.',
    collected: [
      { title: 'Always', items: ALWAYS_COLLECTED },
      ...checks.map((check) => ({ title: CHECK_TITLES[check], items: [...COLLECTED_BY_CHECK[check]] })),
    ],
    leavesDevice: leavesDevice(status),
    neverCollected: NEVER_COLLECTED,
  };
}

function leavesDevice(status: AgentStatus | undefined): string[] {
  if (!status) return ['Unknown while the agent is not running. This window itself sends nothing anywhere.'];
  const host = serviceHost(status.service.url);
  if (!host || !status.device.enrolled) {
    return ['Nothing: this device is not enrolled with a compliance service, so results stay on this device.'];
  }
  const consent = status.consent;
  // On a personal device nothing leaves before the owner accepts (the agent enforces it).
  const waiting =
    consent.required && consent.state !== 'accepted'
      ? ['Nothing at the moment: Vigil collects and sends nothing until you accept the statement. Once you do:']
      : [];
  return [
    ...waiting,
    `The values listed above, with their evidence, sent to ${host} and signed with this device's own key.`,
    `${host} returns a signed result saying whether the device meets policy "${status.policy.id}"; access gateways see only that result.`,
    status.device.ownership === 'personal'
      ? "This is a personal device: your organisation's administrators see whether each check passed and when the device last reported, not the values behind them."
      : 'Your IT team can see the same values and results that you see here.',
  ];
}

/** The host (and port) of the service URL, for sentences that name where data goes. */
export function serviceHost(url: string | null): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
