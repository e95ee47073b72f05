/**
 * dnf-automatic (dnf 4) and dnf5-automatic: installing happens only with the -install timer, or
 * with `apply_updates = yes` under [commands] for the plain timer. A timer is enabled when its
 * unit is linked into timers.target.wants. Shared with os.patches.
 */
import type { CollectorIO } from '../../platform/io.js';
import { dnfAutomaticApplies } from '../os-patches/parse-dnf.js';
import type { AutoUpdateReading } from './linux-apt.js';

const TIMERS = '/etc/systemd/system/timers.target.wants';

export async function readDnfAutomatic(io: CollectorIO): Promise<AutoUpdateReading> {
  const [install, notify, dnf5] = await Promise.all(
    ['dnf-automatic-install.timer', 'dnf-automatic.timer', 'dnf5-automatic.timer'].map((timer) =>
      io.stat(`${TIMERS}/${timer}`),
    ),
  );
  if (install?.ok) return { installed: true, enabled: true, detail: 'dnf-automatic-install.timer enabled' };
  if (!notify?.ok && !dnf5?.ok) return { installed: true, enabled: false, detail: 'no dnf-automatic timer enabled' };
  const timer = dnf5?.ok ? 'dnf5-automatic.timer' : 'dnf-automatic.timer';
  const paths = dnf5?.ok
    ? ['/etc/dnf/dnf5-plugins/automatic.conf', '/etc/dnf/automatic.conf']
    : ['/etc/dnf/automatic.conf'];
  for (const path of paths) {
    const conf = await io.readFile(path, { maxBytes: 64 * 1024 });
    if (conf.ok) {
      const applies = dnfAutomaticApplies(conf.text);
      return {
        installed: true,
        enabled: applies,
        detail: `${timer} enabled, apply_updates ${applies ? 'yes' : 'no'} in ${path}`,
      };
    }
  }
  return { installed: true, enabled: null, detail: `${timer} enabled, but its configuration could not be read` };
}
