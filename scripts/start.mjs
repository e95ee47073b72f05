#!/usr/bin/env node
// `npm start`: the main job on embedded defaults. Starts a local compliance service (SQLite,
// loopback, its own CA) in .vigil-dev/service, enrolls this machine's agent in .vigil-dev/agent
// (once; later runs reuse the enrollment), runs one full cycle (collect → sign → cache → push →
// result), prints the verdict, then keeps the agent daemon running until Ctrl-C and stops both.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dev = `${root}.vigil-dev`;
const serviceDir = `${dev}/service`;
const stateDir = `${dev}/agent`;
const vigilBin = `${root}agent/bin/vigil.js`;
const serviceBin = `${root}service/bin/vigil-service.js`;
const identityFile = `${stateDir}/identity/identity.json`;
mkdirSync(dev, { recursive: true });

const say = (line = '') => console.log(line);
const vigil = (args, options = {}) =>
  spawnSync(process.execPath, [vigilBin, ...args, '--state-dir', stateDir], { encoding: 'utf8', ...options });

/** The port of the existing enrollment (the agent's service URL), else a free one. */
async function choosePort() {
  if (existsSync(identityFile)) {
    const url = new URL(JSON.parse(readFileSync(identityFile, 'utf8')).serverUrl);
    if (url.hostname === '127.0.0.1' && url.port) return Number(url.port);
  }
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function startService(port) {
  const log = openSync(`${dev}/service.log`, 'a');
  const child = spawn(
    process.execPath,
    [serviceBin, 'start', '--data-dir', serviceDir, '--host', '127.0.0.1', '--port', String(port), '--json'],
    {
      stdio: ['ignore', 'pipe', log],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the service did not start; see ${dev}/service.log`)), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /"url":"(https:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${code}); see ${dev}/service.log`)));
  });
}

function enroll(url, force) {
  const token = spawnSync(
    process.execPath,
    [serviceBin, 'token', 'create', '--enroll', '--data-dir', serviceDir, '--json'],
    { encoding: 'utf8' },
  );
  if (token.status !== 0) throw new Error(`cannot create an enrollment token: ${token.stderr}`);
  const { token: secret } = JSON.parse(token.stdout.trim().split('\n').at(-1));
  const result = vigil([
    'enroll',
    '--server',
    url,
    '--token',
    secret,
    '--ca',
    `${serviceDir}/ca-cert.pem`,
    ...(force ? ['--force'] : []),
  ]);
  if (result.status !== 0) throw new Error(`enrollment failed: ${result.stderr}`);
  say(result.stdout.trim().split('\n')[0]);
}

function stop(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

let service;
let agent;
try {
  const port = await choosePort();
  say('Starting the local compliance service…');
  service = await startService(port);
  say(`Compliance service: ${service.url} (data in .vigil-dev/service, log .vigil-dev/service.log)`);
  if (!existsSync(identityFile)) enroll(service.url, false);
  else say('Reusing the existing enrollment in .vigil-dev/agent.');

  say('\nRunning one full cycle: collect → sign → cache → push → result…');
  let push = vigil(['push', '--json']);
  const refused = /VIGIL_PUSH_TLS|VIGIL_PUSH_UNAUTHORIZED|VIGIL_IDENTITY_/.test(push.stderr + push.stdout);
  if (push.status !== 0 && refused) {
    // The service data was reset since the enrollment (new CA or unknown device): enroll again.
    say('The stored enrollment no longer matches this service; enrolling again.');
    enroll(service.url, true);
    push = vigil(['push', '--json']);
  }
  const outcome = push.stdout ? JSON.parse(push.stdout) : null;
  if (!outcome?.ok) throw new Error(`the cycle did not complete: ${push.stderr.trim() || push.stdout.trim()}`);
  say(
    `Report #${outcome.report.seq} delivered with a fresh nonce; the service's verdict: ${String(outcome.status ?? 'unknown').toUpperCase()}`,
  );

  agent = spawn(process.execPath, [vigilBin, 'run', '--state-dir', stateDir], {
    stdio: ['ignore', 'ignore', openSync(`${dev}/agent.log`, 'a')],
  });
  // Show the status as the running agent serves it (its socket answers within a second or two).
  let status = vigil(['status']);
  for (let i = 0; i < 50 && status.stdout.includes('VIGIL_AGENT_NOT_RUNNING'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = vigil(['status']);
  }
  say(`\n${status.stdout.trim()}`);
  say('\nThe agent daemon is running (log: .vigil-dev/agent.log). In another terminal:');
  say('  npx vigil status --state-dir .vigil-dev/agent        # status from the running agent');
  say('  npx vigil doctor --state-dir .vigil-dev/agent        # what is wrong and how to fix it');
  say('Press Ctrl-C to stop the agent and the service.');
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    agent.once('exit', resolve);
  });
  say('\nStopping…');
} catch (error) {
  console.error(`npm start: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stop(agent);
  await stop(service?.child);
}
