/**
 * Windows: a value under the user's own Run key (HKCU, no administrator rights), written and
 * deleted with reg.exe through the allowlisted exec: the exact argv is pinned by a fixture test.
 */
import type { AutostartContext, AutostartPlan } from './plan.js';
import { runArguments } from './plan.js';

export const RUN_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
export const RUN_VALUE = 'VigilAgent';

/** Windows command-line quoting (CommandLineToArgvW): quotes, with backslashes before a quote doubled. */
function quote(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

export function runKeyCommand(context: AutostartContext): string {
  return [context.program.node, ...runArguments(context)].map(quote).join(' ');
}

export function runKeyPlan(action: 'install' | 'remove', context: AutostartContext): AutostartPlan {
  const entry = `registry value ${RUN_KEY}\\${RUN_VALUE}`;
  if (action === 'install') {
    return {
      entry,
      before: [],
      write: [],
      links: [],
      remove: [],
      after: [
        {
          tool: 'reg',
          args: ['add', RUN_KEY, '/v', RUN_VALUE, '/t', 'REG_SZ', '/d', runKeyCommand(context), '/f'],
          required: true,
          why: 'start the agent at every logon of this user',
        },
      ],
    };
  }
  return {
    entry,
    before: [],
    write: [],
    links: [],
    remove: [],
    // Exit 1 when the value is absent: nothing to remove, which is the goal.
    after: [{ tool: 'reg', args: ['delete', RUN_KEY, '/v', RUN_VALUE, '/f'], required: false, why: 'stop autostart' }],
  };
}
