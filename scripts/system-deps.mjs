#!/usr/bin/env node
// Makes sure the Debian packages the tests drive for real are present. `npm test` calls it first,
// so the README's test command works on a fresh machine: as root it installs what is missing with
// apt-get; otherwise it names the command to run and fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

// Debian's postgresql puts the server under a versioned directory: any major will do.
const postgresInstalled = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((major) => existsSync(`/usr/lib/postgresql/${major}/bin/initdb`));

// package → a file it installs that proves it is there (or a check that does).
const PACKAGES = {
  nftables: '/usr/sbin/nft',
  iptables: '/usr/sbin/iptables',
  ufw: '/usr/sbin/ufw',
  'cryptsetup-bin': '/usr/sbin/cryptsetup',
  nginx: '/usr/sbin/nginx',
  caddy: '/usr/bin/caddy',
  // The tray renderer tests drive it through playwright-core (never `playwright install`).
  chromium: '/usr/bin/chromium',
  // The installer tests build the .rpm with rpmbuild (test/installers/deb.e2e.test.ts).
  rpm: '/usr/bin/rpmbuild',
  // The service suite also runs against PostgreSQL: a throwaway cluster per run (test/postgres/).
  // Installing it does not start a server the tests use; they initdb their own.
  postgresql: postgresInstalled,
  // The fault suite moves the agent's and the service's wall clocks (test/e2e/support/fake-clock.ts).
  faketime: '/usr/bin/faketime',
};

const missing = Object.entries(PACKAGES)
  .filter(([, proof]) => !(typeof proof === 'function' ? proof() : existsSync(proof)))
  .map(([name]) => name);

if (missing.length === 0) process.exit(0);
const isRoot = process.getuid?.() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`system-deps: missing Debian packages: ${missing.join(' ')}`);
  console.error(`system-deps: install them with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.log(`system-deps: installing ${missing.join(' ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
