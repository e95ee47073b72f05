/**
 * Debian writes /var/run/reboot-required only when a helper such as update-notifier-common,
 * reboot-notifier or needrestart is installed, so its absence alone does not mean "no reboot
 * pending". A second method: a newer kernel image of the same flavour in /boot than the running one.
 */
const IMAGE = /^vmlinuz-(.+)$/;

function numbers(version: string): number[] {
  return (version.match(/\d+/g) ?? []).map(Number);
}

function flavour(version: string): string {
  // `6.1.0-25-amd64` → `amd64`; `6.8.0-45-generic` → `generic`; numeric-only tails have none.
  const tail = /-([a-z][a-z0-9-]*)$/i.exec(version);
  return tail?.[1] ?? '';
}

function compare(a: string, b: string): number {
  const left = numbers(a);
  const right = numbers(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * True when /boot holds a newer image of the running kernel's flavour; null when the running
 * kernel is not in /boot at all (containers, VMs booted with an external kernel, custom builds).
 */
export function newerKernelInstalled(running: string, bootEntries: readonly string[]): boolean | null {
  const installed = bootEntries.flatMap((entry) => {
    const match = IMAGE.exec(entry);
    return match?.[1] ? [match[1]] : [];
  });
  if (!installed.includes(running)) return null;
  return installed.some((version) => flavour(version) === flavour(running) && compare(version, running) > 0);
}
