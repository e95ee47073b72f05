/**
 * net.firewall on Linux: nftables, iptables/ip6tables (nf_tables shim or legacy), ufw and
 * firewalld, read in parallel. osquery's iptables table is empty on nftables hosts — a known
 * false "no firewall" — hence the nft ruleset is read directly.
 */
import type { FirewallBackend, NetFirewallValue, Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation } from '../observation.js';
import { readFirewalld, readIptables, readNftables, readUfw, type BackendReading } from './backends.js';

/**
 * ufw read from its configuration only claims what should be loaded. When a ruleset backend was
 * read and nothing filters, ufw's rules are not actually loaded: the kernel's ruleset wins.
 */
function reconcileUfw(readings: readonly BackendReading[]): BackendReading[] {
  const rulesets = readings.filter(
    (r) => ['nftables', 'iptables', 'ip6tables'].includes(r.backend.name) && !r.unreadable,
  );
  const kernelFilters = rulesets.some((r) => r.backend.active);
  return readings.map((reading) =>
    reading.fromConfig && reading.backend.active && rulesets.length > 0 && !kernelFilters
      ? {
          ...reading,
          backend: {
            ...reading.backend,
            active: false,
            defaultInbound: 'allow',
            detail: 'enabled in /etc/ufw/ufw.conf, but no rules are loaded',
          },
        }
      : reading,
  );
}

const PERMISSION_TEXT = /you must be root|permission denied|operation not permitted|need to be root/i;

/** The most protective default among the active backends. */
export function combineInbound(active: readonly FirewallBackend[]): NetFirewallValue['defaultInbound'] {
  if (active.some((b) => b.defaultInbound === 'deny')) return 'deny';
  if (active.some((b) => b.defaultInbound === 'unknown')) return 'unknown';
  return 'allow';
}

export async function collectNetFirewallLinux(io: CollectorIO): Promise<Observation<'net.firewall'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const rio = recorder.io;
  const found = await Promise.all([
    readNftables(rio),
    readIptables(rio, 4),
    readIptables(rio, 6),
    readUfw(rio),
    readFirewalld(rio),
  ]);
  const readings = reconcileUfw(found.filter((reading): reading is BackendReading => reading !== null));
  if (readings.length === 0) {
    return errorObservation(
      'VIGIL_COLLECT_NO_FIREWALL_TOOL',
      'none of nft, iptables, ip6tables, ufw or firewall-cmd is installed',
      io.now(),
      {
        evidence: recorder.evidence(),
        startedAt,
      },
    );
  }
  const backends = readings.map((reading) => reading.backend);
  const active = backends.filter((backend) => backend.active);
  if (active.length === 0 && readings.some((reading) => reading.unreadable)) {
    const unreadable = readings.filter((r) => r.unreadable);
    const failed = unreadable.map((r) => `${r.backend.name}: ${r.backend.detail}`);
    // The kernel's rulesets need CAP_NET_ADMIN: when every failure is the kernel saying so, the
    // honest answer is "this user cannot read it", which a user-mode agent reports as unsupported.
    const denied = unreadable.every((r) => PERMISSION_TEXT.test(r.backend.detail));
    return errorObservation(
      denied ? 'VIGIL_COLLECT_PERMISSION_DENIED' : 'VIGIL_COLLECT_FIREWALL_UNREADABLE',
      `no active firewall found, but some backends could not be read (${failed.join('; ')})`,
      io.now(),
      {
        evidence: recorder.evidence(),
        startedAt,
      },
    );
  }
  const value: NetFirewallValue = {
    enabled: active.length > 0,
    defaultInbound: active.length > 0 ? combineInbound(active) : 'allow',
    backends,
  };
  return okObservation<'net.firewall'>(value, recorder.evidence(), startedAt, io.now());
}
