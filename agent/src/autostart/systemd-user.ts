/**
 * Linux: a systemd user unit in ~/.config/systemd/user (XDG_CONFIG_HOME), enabled for the user's
 * default target the way `systemctl --user enable` does it (a link in default.target.wants), so
 * installing works even where no user manager runs yet (the unit starts at the next login).
 */
import { join } from 'node:path';
import type { AutostartContext, AutostartPlan, PlannedCommand } from './plan.js';
import { runArguments } from './plan.js';

export const SYSTEMD_USER_UNIT = 'vigil-agent.service';

/** systemd's ExecStart quoting: double quotes, backslash escapes, `%` and `$` doubled. */
function quote(arg: string): string {
  return `"${arg.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('%', '%%').replaceAll('$', '$$$$')}"`;
}

export function systemdUserUnit(context: AutostartContext): string {
  const exec = [context.program.node, ...runArguments(context)].map(quote).join(' ');
  return `# Written by "vigil autostart install"; removed by "vigil autostart remove" and "vigil unenroll".
[Unit]
Description=Vigil device health agent (personal device, this user)
Documentation=https://vigil.dev/docs/byod
After=network-online.target

[Service]
Type=simple
ExecStart=${exec}
Restart=on-failure
RestartSec=30s
NoNewPrivileges=yes

[Install]
WantedBy=default.target
`;
}

const systemctl = (args: string[], why: string): PlannedCommand => ({
  tool: 'systemctl',
  args: ['--user', ...args],
  required: false,
  why,
});

export function systemdUserPlan(action: 'install' | 'remove', context: AutostartContext): AutostartPlan {
  const dir = join(context.configHome ?? join(context.homeDir, '.config'), 'systemd', 'user');
  const unit = join(dir, SYSTEMD_USER_UNIT);
  const link = join(dir, 'default.target.wants', SYSTEMD_USER_UNIT);
  const entry = `systemd user unit ${unit}`;
  if (action === 'install') {
    return {
      entry,
      before: [],
      write: [{ path: unit, content: systemdUserUnit(context), mode: 0o644 }],
      links: [{ path: link, target: unit }],
      remove: [],
      after: [
        systemctl(['daemon-reload'], 'let the running user manager see the unit'),
        systemctl(['start', SYSTEMD_USER_UNIT], 'start the agent now (otherwise at the next login)'),
      ],
    };
  }
  return {
    entry,
    before: [systemctl(['stop', SYSTEMD_USER_UNIT], 'stop the agent it started')],
    write: [],
    links: [],
    remove: [link, unit],
    after: [systemctl(['daemon-reload'], 'let the running user manager forget the unit')],
  };
}
