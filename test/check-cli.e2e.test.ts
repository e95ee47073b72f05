// `vigil check` as a user runs it, on this real machine: the JSON output validates against the
// shipped JSON Schemas, every check is present, and on a machine of this kind (no disk
// encryption, empty firewall ruleset, pending security updates) the verdict is noncompliant
// with the right reason and evidence for each.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, DEFAULT_POLICY } from '@vigil/shared';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = `${root}agent/dist/cli/main.js`;
const schema = (name: string) => JSON.parse(readFileSync(`${root}shared/schemas/${name}`, 'utf8')) as object;

interface CheckVerdict {
  check: string;
  result: string;
  reason: string;
  observed: string;
}

let output: {
  report: { observations: Record<string, { state: string; evidence?: unknown[] }> };
  verdict: { status: string; checks: CheckVerdict[] };
};
let exitCode: number | null;

beforeAll(() => {
  const result = spawnSync(process.execPath, [cli, 'check', '--json'], { encoding: 'utf8', timeout: 90_000 });
  exitCode = result.status;
  output = JSON.parse(result.stdout) as typeof output;
}, 120_000);

describe.runIf(process.platform === 'linux')('vigil check --json on this machine', () => {
  it('validates against the shipped check-output schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const validate = ajv.compile(schema('check-output.schema.json'));
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reports every check, none silently missing', () => {
    expect(Object.keys(output.report.observations).sort()).toEqual([...CHECK_IDS].sort());
    // Every check the default policy names is judged.
    expect(output.verdict.checks.map((c) => c.check).sort()).toEqual(Object.keys(DEFAULT_POLICY.checks).sort());
  });

  it('finds this machine noncompliant, each reason right, with evidence, and exits 1', () => {
    const byCheck = Object.fromEntries(output.verdict.checks.map((c) => [c.check, c]));
    expect(output.verdict.status).toBe('noncompliant');
    expect(exitCode).toBe(1);
    const rootFs = execFileSync('findmnt', ['-no', 'SOURCE', '/'], { encoding: 'utf8' }).trim();
    // No dm-crypt layer under / on this kind of machine: it must be judged unencrypted.
    if (!rootFs.startsWith('/dev/mapper/') && !rootFs.startsWith('/dev/dm-')) {
      expect(byCheck['disk.encryption']).toMatchObject({
        result: 'fail',
        reason: expect.stringContaining('not encrypted: /'),
      });
    }
    const ruleset = execFileSync('nft', ['list', 'ruleset'], { encoding: 'utf8' }).trim();
    if (ruleset === '') {
      expect(byCheck['net.firewall']?.result).toBe('fail');
      expect(byCheck['net.firewall']?.reason).toContain('no firewall is filtering incoming traffic');
    }
    for (const check of ['os.version', 'os.patches', 'disk.encryption', 'net.firewall']) {
      const observation = output.report.observations[check];
      expect(observation?.state, check).toBe('ok');
      expect(observation?.evidence?.length, check).toBeGreaterThan(0);
    }
  });
});
