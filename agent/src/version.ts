import { readFileSync } from 'node:fs';

/** The agent's own name and version, read once from its package.json (dist/ sits beside it). */
function readAgentVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

export const AGENT_NAME = 'vigil';
export const AGENT_VERSION = readAgentVersion();
