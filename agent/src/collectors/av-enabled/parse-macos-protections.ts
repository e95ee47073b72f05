/**
 * `spctl --status` (Gatekeeper: `assessments enabled` / `assessments disabled`; not translated) and
 * `csrutil status` (`System Integrity Protection status: enabled.` / `disabled.` / `unknown
 * (Custom Configuration).` followed by the parts that are off). A custom configuration with
 * filesystem protections disabled is SIP off for our purposes; partly relaxed is reported as is.
 */
export function parseGatekeeper(text: string): boolean | null {
  // "disabled" contains "abled": test it first.
  if (/assessments disabled/i.test(text)) return false;
  if (/assessments enabled/i.test(text)) return true;
  return null;
}

export function parseCsrutil(text: string): { enabled: boolean; detail: string } | null {
  const status = /System Integrity Protection status: (enabled|disabled|unknown)/i.exec(text);
  if (!status?.[1]) return null;
  if (status[1] !== 'unknown') return { enabled: status[1] === 'enabled', detail: `SIP ${status[1]}` };
  // A custom configuration lists every protection; output cut off before the filesystem line
  // (found by fuzzing: it read as SIP on) cannot be judged.
  const filesystem = /^\s*Filesystem Protections: (enabled|disabled)$/m.exec(text)?.[1];
  if (!filesystem) return null;
  const off = [...text.matchAll(/^\s*([A-Za-z ]+): disabled$/gm)].map((m) => (m[1] ?? '').trim());
  return {
    enabled: filesystem === 'enabled',
    detail: `SIP custom configuration${off.length ? `, disabled: ${off.join(', ')}` : ''}`.slice(0, 500),
  };
}
