/** Where CLI commands write, injected so commands are testable without a terminal. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (colour, progress lines). */
  readonly interactive: boolean;
  readonly color: boolean;
}

export function processOutput(env: NodeJS.ProcessEnv): CliOutput {
  const interactive = Boolean(process.stdout.isTTY);
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    interactive,
    color: interactive && env.NO_COLOR === undefined && env.TERM !== 'dumb',
  };
}
