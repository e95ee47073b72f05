import { describe, expect, it } from 'vitest';
import { newerKernelInstalled } from './parse-kernel-images.js';

describe('newerKernelInstalled', () => {
  const boot = [
    'vmlinuz',
    'vmlinuz-6.1.0-25-amd64',
    'vmlinuz-6.1.0-26-amd64',
    'vmlinuz-6.1.0-27-rt-amd64',
    'initrd.img-6.1.0-26-amd64',
  ];

  it('is true when a newer image of the same flavour is installed', () => {
    expect(newerKernelInstalled('6.1.0-25-amd64', boot)).toBe(true);
  });

  it('ignores other flavours and older images', () => {
    expect(newerKernelInstalled('6.1.0-26-amd64', boot)).toBe(false);
  });

  it('cannot tell when the running kernel is not in /boot (containers, external kernels)', () => {
    expect(newerKernelInstalled('6.18.44-fc-v782', [])).toBeNull();
    expect(newerKernelInstalled('6.8.0-45-generic', boot)).toBeNull();
  });
});
