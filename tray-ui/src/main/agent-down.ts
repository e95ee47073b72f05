/** What to show when nothing answers on the status socket: that the agent is down, and how to start it. */
import type { Platform } from '@vigil/shared';
import type { AgentDownView } from '../health-view.js';

const STEPS: Record<Platform, AgentDownView['steps']> = {
  linux: [
    { label: 'If Vigil was installed as a system service', command: 'sudo systemctl start vigil-agent' },
    { label: 'From a Vigil checkout', command: 'npx vigil run' },
  ],
  darwin: [
    { label: 'If Vigil was installed with the package', command: 'sudo launchctl kickstart -k system/dev.vigil.agent' },
    { label: 'From a Vigil checkout', command: 'npx vigil run' },
  ],
  win32: [
    { label: 'In PowerShell as administrator', command: 'Start-Service vigil-agent' },
    { label: 'From a Vigil checkout', command: 'npx vigil run' },
  ],
};

export function agentDownView(platform: Platform, error: { code: string; message: string }): AgentDownView {
  return {
    title: 'How to start the Vigil agent',
    detail: 'Device health cannot be checked until the agent runs again. If it does not start, contact your IT team.',
    technical: `${error.code}: ${error.message}`,
    steps: STEPS[platform],
  };
}

/** One line for the tray menu and notifications. */
export function startHint(platform: Platform): string {
  return `Start it with: ${STEPS[platform][0]!.command}`;
}
