// One writer for generated artifacts (JSON Schemas, MDM profiles, ADMX/ADML): writes them, or
// with `check` writes nothing and reports every committed copy that drifted from its source.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function readIfPresent(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * @param {string} root repository root
 * @param {[string, string][]} artifacts relative path → generated content
 * @param {{check: boolean, label: string, source: string, regenerate: string}} options
 * @returns {number} the exit code: 1 when a committed copy drifted (check mode), else 0
 */
export function writeOrCheckArtifacts(root, artifacts, { check, label, source, regenerate }) {
  let drifted = 0;
  for (const [relative, content] of artifacts) {
    const path = join(root, relative);
    if (check) {
      if (readIfPresent(path) !== content) {
        drifted++;
        console.error(`drift: ${relative} is not what ${source} generates; run "${regenerate}" and commit`);
      }
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      console.log(`wrote ${relative}`);
    }
  }
  if (check && drifted === 0) console.log(`${label}: ${artifacts.length} generated artifacts up to date`);
  return drifted > 0 ? 1 : 0;
}
