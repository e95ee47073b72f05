// Stages the agent's runtime app folder from the workspace install: agent/dist, shared/dist and
// the production dependency closure that `npm ls --omit=dev` reports, copied as installed (so
// the native better-sqlite3 addon is the one built for this OS/arch and Node ABI). Nothing is
// downloaded or compiled here. Layout (the same on every OS; see docs/adr/0001-agent-packaging.md):
//   package.json  bin/vigil.js  dist/…  node_modules/{@vigil/shared, better-sqlite3, …}
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { runTool } from './run-tool.mjs';

// Build output and package metadata Node never loads at run time.
const DROP_FILE = /\.(d\.[cm]?ts|[cm]?ts|map|tsbuildinfo|md|markdown)$/i;
const KEEP_FILE = /^(license|licence|notice|copying)(\..*)?$/i;
const DROP_DIR = new Set(['.github', 'test', 'tests', '__tests__', 'docs', 'node_modules']);

/**
 * better-sqlite3 ships its C sources (deps/, src/) and leaves the whole node-gyp build tree
 * behind (~28 MB); at run time only lib/ and the compiled addon are loaded (via `bindings`).
 */
const BETTER_SQLITE3_KEEP = [
  /^package\.json$/,
  /^LICENSE/,
  /^lib(\/|$)/,
  /^build$/,
  /^build\/Release$/,
  /^build\/Release\/better_sqlite3\.node$/,
];

function keep(from, packageRoot) {
  const name = basename(from);
  const inside = relative(packageRoot, from).split(sep).join('/');
  if (inside === '') return true;
  if (basename(packageRoot) === 'better-sqlite3') return BETTER_SQLITE3_KEEP.some((pattern) => pattern.test(inside));
  if (DROP_DIR.has(name)) return false;
  return KEEP_FILE.test(name) || !DROP_FILE.test(name);
}

function copyPackage(from, to) {
  cpSync(from, to, { recursive: true, dereference: true, filter: (path) => keep(path, from) });
}

/** Production packages of the agent and shared workspaces, as directories under node_modules/. */
export function productionPackages(root) {
  const out = runTool(
    'npm',
    ['ls', '--omit=dev', '--all', '--parseable', '--workspace', '@vigil/agent', '--workspace', '@vigil/shared'],
    {
      cwd: root,
    },
  );
  const modules = join(root, 'node_modules') + sep;
  return [
    ...new Set(
      out
        .split('\n')
        .filter((line) => line.startsWith(modules))
        .map((line) => relative(root, line))
        .filter((path) => !path.startsWith(join('node_modules', '@vigil'))),
    ),
  ].sort();
}

export function stageAppFolder({ root, dest }) {
  const agentManifest = JSON.parse(readFileSync(join(root, 'agent', 'package.json'), 'utf8'));
  for (const required of ['agent/dist/cli/main.js', 'shared/dist/index.js']) {
    if (!existsSync(join(root, required))) throw new Error(`${required} is missing: run "npm run build" first`);
  }
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });

  // agent/src/version.ts reads the version from ../package.json next to dist/.
  const manifest = {
    name: agentManifest.name,
    version: agentManifest.version,
    private: true,
    type: 'module',
    license: agentManifest.license,
  };
  writeFileSync(join(dest, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyPackage(join(root, 'agent', 'bin'), join(dest, 'bin'));
  copyPackage(join(root, 'agent', 'dist'), join(dest, 'dist'));

  const shared = join(dest, 'node_modules', '@vigil', 'shared');
  mkdirSync(shared, { recursive: true });
  cpSync(join(root, 'shared', 'package.json'), join(shared, 'package.json'));
  copyPackage(join(root, 'shared', 'dist'), join(shared, 'dist'));

  const packages = productionPackages(root);
  for (const pkg of packages) copyPackage(join(root, pkg), join(dest, pkg));
  if (!existsSync(join(dest, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'))) {
    throw new Error('better-sqlite3 has no compiled addon in node_modules: reinstall it (npm rebuild better-sqlite3)');
  }
  return { version: agentManifest.version, packages: packages.length };
}

/** Proves the staged folder runs on its own: the CLI answers and the native addon loads. */
export function smokeTestAppFolder(dest, node = process.execPath) {
  const version = runTool(node, [join(dest, 'bin', 'vigil.js'), '--version']).trim();
  runTool(node, ['-e', "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"], { cwd: dest });
  return version;
}
