#!/usr/bin/env node
/** The `vigil` executable: the only place that reads the process environment and sets the exit code. */
import { processOutput } from './output.js';
import { runCli } from './run-cli.js';

const env = process.env;
const code = await runCli(process.argv.slice(2), processOutput(env), env.VIGIL_DEBUG === '1', env);
process.exitCode = code;
// Everything is closed by now; if a stray handle would keep the process alive (a socket a
// library kept open), leave anyway rather than hang a script or a service manager.
setTimeout(() => process.exit(code), 2000).unref();
