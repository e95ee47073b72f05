/**
 * One reader per firewall backend. Each returns null when its tool is not installed (skipped), or
 * a reading; `unreadable` marks a backend that is installed but could not be read, so that
 * "no active firewall" is never concluded from a failed read.
 */
import type { FirewallBackend } from '@vigil/shared';
import type { ExecOutcome } from '../../platform/exec.js';
import type { CollectorIO } from '../../platform/io.js';
import { inboundOfZoneTarget, parseFirewalldState } from './parse-firewalld.js';
import { analyzeIptablesRules, LEGACY_TABLES_WARNING, parseIptablesVersion } from './parse-iptables.js';
import { analyzeNftRuleset } from './parse-nft.js';
import { inboundOfUfw, parseUfwStatus, ufwConfEnabled, ufwDefaultIncoming } from './parse-ufw.js';

export interface BackendReading {
  backend: FirewallBackend;
  unreadable?: true;
  /** ufw read from its configuration files only (the binary could not run). */
  fromConfig?: true;
}

const TIMEOUT = { timeoutMs: 8_000 };
const missing = (outcome: ExecOutcome) => !outcome.ok && outcome.error.code === 'VIGIL_EXEC_NOT_FOUND';
const failure = (outcome: ExecOutcome) =>
  outcome.ok ? `exit ${outcome.exitCode}: ${outcome.stderr.trim().split('\n')[0] ?? ''}` : outcome.error.message;

function unreadable(name: FirewallBackend['name'], why: string): BackendReading {
  return {
    backend: { name, active: false, defaultInbound: 'unknown', detail: `could not read: ${why}`.slice(0, 500) },
    unreadable: true,
  };
}

export async function readNftables(io: CollectorIO): Promise<BackendReading | null> {
  const run = await io.exec('nft', ['-j', 'list', 'ruleset'], TIMEOUT);
  if (missing(run)) return null;
  if (!run.ok || run.exitCode !== 0) return unreadable('nftables', failure(run));
  const analysis = analyzeNftRuleset(run.stdout);
  if (!analysis) return unreadable('nftables', 'output is not nftables JSON');
  return { backend: { name: 'nftables', ...analysis, detail: analysis.detail.slice(0, 500) } };
}

/** iptables or ip6tables, merged with the legacy tables when the nf_tables shim reports them. */
export async function readIptables(io: CollectorIO, family: 4 | 6): Promise<BackendReading | null> {
  const name = family === 4 ? 'iptables' : 'ip6tables';
  const [run, version] = await Promise.all([
    io.exec(name, ['-S'], TIMEOUT),
    family === 4 ? io.exec('iptables', ['-V'], TIMEOUT) : Promise.resolve(null),
  ]);
  if (missing(run)) return null;
  if (!run.ok || run.exitCode !== 0) return unreadable(name, failure(run));
  const analyses = [analyzeIptablesRules(run.stdout, name)];
  if (LEGACY_TABLES_WARNING.test(run.stderr)) {
    // Both x_tables and nf_tables hooks see every packet: a drop in either is final.
    const legacy = await io.exec(family === 4 ? 'iptables-legacy' : 'ip6tables-legacy', ['-S'], TIMEOUT);
    if (!legacy.ok || legacy.exitCode !== 0)
      return unreadable(name, `legacy tables present but unreadable: ${failure(legacy)}`);
    analyses.push(analyzeIptablesRules(legacy.stdout, `${name}-legacy`));
  }
  const mode = version?.ok ? parseIptablesVersion(version.stdout)?.mode : undefined;
  const active = analyses.some((a) => a.active);
  const deny = analyses.some((a) => a.defaultInbound === 'deny');
  const detail = `${mode ? `(${mode}) ` : ''}${analyses.map((a) => `${a.detail}, ${a.rules} rule(s)`).join('; ')}`;
  return { backend: { name, active, defaultInbound: deny ? 'deny' : 'allow', detail: detail.slice(0, 500) } };
}

export async function readUfw(io: CollectorIO): Promise<BackendReading | null> {
  const run = await io.exec('ufw', ['status', 'verbose'], TIMEOUT);
  const status = run.ok && run.exitCode === 0 ? parseUfwStatus(run.stdout) : null;
  if (status) {
    const defaultInbound = status.active ? inboundOfUfw(status.incoming) : 'allow';
    const detail = status.active ? `active, default ${status.incoming ?? 'unknown'} (incoming)` : 'inactive';
    return { backend: { name: 'ufw', active: status.active, defaultInbound, detail } };
  }
  // Not runnable (not root, Python missing): fall back to what the configuration says.
  const conf = await io.readFile('/etc/ufw/ufw.conf', { maxBytes: 64 * 1024 });
  if (!conf.ok)
    return missing(run) && conf.error.code === 'VIGIL_IO_NOT_FOUND' ? null : unreadable('ufw', failure(run));
  const enabled = ufwConfEnabled(conf.text);
  if (enabled === null) return unreadable('ufw', 'ufw.conf has no ENABLED setting');
  if (!enabled)
    return {
      backend: { name: 'ufw', active: false, defaultInbound: 'allow', detail: 'disabled in /etc/ufw/ufw.conf' },
      fromConfig: true,
    };
  const defaults = await io.readFile('/etc/default/ufw', { maxBytes: 64 * 1024 });
  const incoming = defaults.ok ? ufwDefaultIncoming(defaults.text) : null;
  const detail = `enabled in /etc/ufw/ufw.conf (ufw status unavailable), default ${incoming ?? 'unknown'} (incoming)`;
  return { backend: { name: 'ufw', active: true, defaultInbound: inboundOfUfw(incoming), detail }, fromConfig: true };
}

export async function readFirewalld(io: CollectorIO): Promise<BackendReading | null> {
  const state = await io.exec('firewall-cmd', ['--state'], TIMEOUT);
  if (missing(state)) return null;
  const parsed = state.ok ? parseFirewalldState(state.stdout, state.stderr, state.exitCode) : null;
  if (parsed === null) return unreadable('firewalld', failure(state));
  if (parsed === 'not running')
    return { backend: { name: 'firewalld', active: false, defaultInbound: 'allow', detail: 'not running' } };
  const [zone, target] = await Promise.all([
    io.exec('firewall-cmd', ['--get-default-zone'], TIMEOUT),
    io.exec('firewall-cmd', ['--permanent', '--get-target'], TIMEOUT),
  ]);
  const zoneName = zone.ok && zone.exitCode === 0 ? zone.stdout.trim() : 'unknown';
  const targetName = target.ok && target.exitCode === 0 ? target.stdout.trim() : '';
  const defaultInbound = targetName ? inboundOfZoneTarget(targetName) : 'unknown';
  const detail = `running, default zone ${zoneName}, target ${targetName || 'unknown'}`.slice(0, 500);
  return { backend: { name: 'firewalld', active: true, defaultInbound, detail } };
}
