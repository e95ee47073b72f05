/**
 * macOS: a LaunchAgent in ~/Library/LaunchAgents, loaded into the user's GUI domain. Its log
 * goes to the state dir, so `vigil unenroll` removes it with the rest.
 */
import { join } from 'node:path';
import type { AutostartContext, AutostartPlan, PlannedCommand } from './plan.js';
import { runArguments } from './plan.js';

export const LAUNCH_AGENT_LABEL = 'dev.vigil.agent.user';

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

export function launchAgentPlist(context: AutostartContext): string {
  const args = [context.program.node, ...runArguments(context)]
    .map((arg) => `    <string>${xml(arg)}</string>`)
    .join('\n');
  const log = xml(join(context.stateDir, 'agent.log'));
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by "vigil autostart install"; removed by "vigil autostart remove" and "vigil unenroll". -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${LAUNCH_AGENT_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardErrorPath</key>
  <string>${log}</string>
</dict>
</plist>
`;
}

export function launchAgentPlan(action: 'install' | 'remove', context: AutostartContext): AutostartPlan {
  const plist = join(context.homeDir, 'Library', 'LaunchAgents', `${LAUNCH_AGENT_LABEL}.plist`);
  const domain = `gui/${context.uid ?? 501}`;
  const launchctl = (args: string[], why: string): PlannedCommand => ({
    tool: 'launchctl',
    args,
    required: false,
    why,
  });
  if (action === 'install') {
    return {
      entry: `LaunchAgent ${plist}`,
      before: [],
      write: [{ path: plist, content: launchAgentPlist(context), mode: 0o644 }],
      links: [],
      remove: [],
      after: [launchctl(['bootstrap', domain, plist], 'start the agent now (otherwise at the next login)')],
    };
  }
  return {
    entry: `LaunchAgent ${plist}`,
    before: [launchctl(['bootout', `${domain}/${LAUNCH_AGENT_LABEL}`], 'stop the agent it started')],
    write: [],
    links: [],
    remove: [plist],
    after: [],
  };
}
