/**
 * The catalogue of posture checks. Ids are dotted and identical in policy, reports, logs and UI.
 * Adding a check: add its id here, its value schema in `posture.ts`, its evaluator in
 * `policy/evaluators/`, and a registry entry per platform in the agent.
 */
export const CHECK_IDS = [
  'os.version',
  'os.patches',
  'disk.encryption',
  'net.firewall',
  'os.auto_updates',
  'screen.lock',
  'boot.secure',
  'device.tpm',
  'av.enabled',
  'agent.integrity',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export const PLATFORMS = ['linux', 'darwin', 'win32'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  'os.version': 'Operating system version',
  'os.patches': 'Security updates',
  'disk.encryption': 'Disk encryption',
  'net.firewall': 'Firewall',
  'os.auto_updates': 'Automatic updates',
  'screen.lock': 'Screen lock',
  'boot.secure': 'Secure Boot',
  'device.tpm': 'Security chip (TPM)',
  'av.enabled': 'Antivirus',
  'agent.integrity': 'Vigil agent integrity',
};

export function isCheckId(value: string): value is CheckId {
  return (CHECK_IDS as readonly string[]).includes(value);
}

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}
