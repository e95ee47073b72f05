import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../exit-codes.js';
import type { CliOutput } from '../output.js';
import { runCli } from '../run-cli.js';

function capture(): CliOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), interactive: false, color: false };
}

describe('vigil check: usage and configuration errors (exit 2)', () => {
  it('lists every problem of a bad policy file with its location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-policy-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'id: bad\nenforcement: { mode: sometimes }\nchecks:\n  disk.encryption: { requirement: maybe }\n',
    );
    const output = capture();
    expect(await runCli(['check', '--policy', file], output)).toBe(EXIT.USAGE);
    const text = output.stderr.join('\n');
    expect(text).toContain(`${file}:2:22 enforcement.mode`);
    expect(text).toContain(`${file}:4:35 checks.disk.encryption.requirement`);
    expect(output.stdout).toEqual([]);
  });

  it('says when the policy file does not exist', async () => {
    const output = capture();
    expect(await runCli(['check', '--policy', '/nonexistent/policy.yaml'], output)).toBe(EXIT.USAGE);
    expect(output.stderr[0]).toBe('vigil: cannot read policy file /nonexistent/policy.yaml: file not found');
  });

  it('rejects unknown check ids and names the valid ones', async () => {
    const output = capture();
    expect(await runCli(['check', '--only', 'disk.encryption,wifi.strength'], output)).toBe(EXIT.USAGE);
    expect(output.stderr.join('\n')).toContain('unknown check id: wifi.strength');
    expect(output.stderr.join('\n')).toContain('valid checks: os.version, os.patches, disk.encryption, net.firewall');
  });

  it('rejects unknown commands and options', async () => {
    expect(await runCli(['chekc'], capture())).toBe(EXIT.USAGE);
    expect(await runCli(['check', '--jsn'], capture())).toBe(EXIT.USAGE);
    expect(await runCli(['check', '--timeout', '-5'], capture())).toBe(EXIT.USAGE);
  });
});
