/**
 * `vigil autostart install|remove [--json]`: starts the user-mode agent at every login of this
 * user (systemd user unit, LaunchAgent, or the user's Run key), or stops doing so. No
 * administrator rights are needed; the system service is the installer's business.
 */
import { applyAutostart, type AutostartResult } from '../../autostart/apply.js';
import { autostartContext } from '../../autostart/context.js';
import { planAutostart } from '../../autostart/plan.js';
import { exec } from '../../platform/exec.js';
import { COMMON_FLAGS, configFlags, parseFlags } from '../args.js';
import { loadConfig, type CliContext } from '../context.js';
import { EXIT, UsageError, type ExitCode } from '../exit-codes.js';

export async function runAutostart(args: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const [action, ...rest] = args;
  if (action !== 'install' && action !== 'remove')
    throw new UsageError('say what to do: "vigil autostart install" or "vigil autostart remove"');
  const values = parseFlags(rest, { ...COMMON_FLAGS });
  const config = await loadConfig(ctx, configFlags(values));
  if (!config.runAs.userMode)
    throw new UsageError(
      'autostart is for the agent that runs as you (user mode); the system service is installed and started by the Vigil package',
    );
  const result = await applyAutostart(planAutostart(action, autostartContext(config)), {
    exec,
    ...(config.runAs.session ? { sessionEnv: config.runAs.session.env } : {}),
  });
  if (values.json) ctx.output.out(JSON.stringify({ action, ...result }, null, 2));
  else ctx.output.out(describe(action, result));
  return result.failed ? EXIT.INTERNAL : EXIT.OK;
}

export function describe(action: 'install' | 'remove', result: AutostartResult): string {
  const lines = [
    action === 'install'
      ? `${result.failed ? 'Could not install' : 'Installed'}: ${result.entry}`
      : `Removed: ${result.entry}${result.removed.length === 0 && !result.commands.some((c) => c.ok) ? ' (was not installed)' : ''}`,
  ];
  for (const command of result.commands) if (!command.ok) lines.push(`  note: ${command.command}: ${command.detail}`);
  if (action === 'install' && !result.failed)
    lines.push('The agent starts at every login of this user; "vigil autostart remove" stops that.');
  return lines.join('\n');
}
