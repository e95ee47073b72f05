/**
 * `fdesetup status`. First line `FileVault is On.` / `Off.`; then, while converting, `Encryption
 * in progress: Percent completed = 42.5` or `Decryption in progress: …`; with deferred enablement
 * (FileVault turns on at the user's next login) `Deferred enablement appears to be active for user
 * '…'.`. A conversion in progress is transitional and is reported as such, whatever line one says.
 */
export interface FdesetupStatus {
  on: boolean;
  converting: { direction: 'encrypting' | 'decrypting'; percent: number | null } | null;
  deferred: boolean;
  /** One line for the volume's detail (user names left out). */
  detail: string;
}

export function parseFdesetupStatus(text: string): FdesetupStatus | null {
  const state = /FileVault is (On|Off)\b/.exec(text);
  if (!state) return null;
  const progress = /(Encryption|Decryption) in progress(?:: Percent completed = ([\d.]+))?/i.exec(text);
  const percent = progress?.[2] !== undefined ? Number.parseFloat(progress[2]) : null;
  const deferred = /Deferred enablement appears to be active/i.test(text);
  const converting = progress
    ? {
        direction: progress[1]?.toLowerCase() === 'decryption' ? ('decrypting' as const) : ('encrypting' as const),
        percent: percent !== null && percent >= 0 && percent <= 100 ? percent : null,
      }
    : null;
  const parts = [`FileVault is ${state[1]}`];
  if (converting) parts.push(`${converting.direction}${converting.percent !== null ? ` ${converting.percent}%` : ''}`);
  if (deferred) parts.push('deferred enablement: FileVault turns on at the next login');
  return { on: state[1] === 'On', converting, deferred, detail: `fdesetup: ${parts.join(', ')}` };
}
