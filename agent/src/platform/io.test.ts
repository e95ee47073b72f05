import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealIO } from './io.js';

describe('createRealIO', () => {
  const io = createRealIO({ now: () => new Date('2024-10-07T09:00:00.000Z') });
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-io-'));
    await writeFile(join(dir, 'b.txt'), 'hello\n');
    await writeFile(join(dir, 'a.log.gz'), gzipSync('rotated\n'));
    await writeFile(join(dir, 'bomb.gz'), gzipSync(Buffer.alloc(2 * 1024 * 1024)));
    await utimes(join(dir, 'b.txt'), new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads text, and gzip when asked', async () => {
    expect(await io.readFile(join(dir, 'b.txt'))).toEqual({ ok: true, text: 'hello\n' });
    expect(await io.readFile(join(dir, 'a.log.gz'), { gunzip: true })).toEqual({ ok: true, text: 'rotated\n' });
  });

  it('returns typed errors instead of throwing', async () => {
    expect(await io.readFile(join(dir, 'missing'))).toMatchObject({ ok: false, error: { code: 'VIGIL_IO_NOT_FOUND' } });
    expect(await io.readFile(dir)).toMatchObject({ ok: false, error: { code: 'VIGIL_IO_FAILED' } });
    expect(await io.readFile(join(dir, 'b.txt'), { gunzip: true })).toMatchObject({
      ok: false,
      error: { code: 'VIGIL_IO_FAILED' },
    });
    expect(await io.readDir(join(dir, 'missing'))).toMatchObject({ ok: false, error: { code: 'VIGIL_IO_NOT_FOUND' } });
    expect(await io.stat(join(dir, 'missing'))).toMatchObject({ ok: false, error: { code: 'VIGIL_IO_NOT_FOUND' } });
  });

  it('caps reads, including decompressed size and files that report size 0', async () => {
    expect(await io.readFile(join(dir, 'b.txt'), { maxBytes: 3 })).toMatchObject({
      ok: false,
      error: { code: 'VIGIL_IO_TOO_LARGE' },
    });
    expect(await io.readFile(join(dir, 'bomb.gz'), { gunzip: true, maxBytes: 1024 * 1024 })).toMatchObject({
      ok: false,
      error: { code: 'VIGIL_IO_TOO_LARGE' },
    });
    if (process.platform === 'linux') {
      const proc = await io.readFile('/proc/self/status', { maxBytes: 64 * 1024 });
      expect(proc.ok && proc.text.includes('Pid:')).toBe(true);
      expect(await io.readFile('/proc/self/status', { maxBytes: 16 })).toMatchObject({
        ok: false,
        error: { code: 'VIGIL_IO_TOO_LARGE' },
      });
    }
  });

  it('lists directories sorted and reports mtimes', async () => {
    expect(await io.readDir(dir)).toEqual({ ok: true, entries: ['a.log.gz', 'b.txt', 'bomb.gz'] });
    expect(await io.stat(join(dir, 'b.txt'))).toEqual({
      ok: true,
      mtime: new Date('2024-01-02T03:04:05Z'),
      isDirectory: false,
    });
    expect(await io.stat(dir)).toMatchObject({ ok: true, isDirectory: true });
  });

  it('refuses relative paths and uses the injected clock', async () => {
    await expect(io.readFile('etc/os-release')).rejects.toThrow(TypeError);
    expect(io.now().toISOString()).toBe('2024-10-07T09:00:00.000Z');
  });
});
