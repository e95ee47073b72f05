import { describe, expect, it } from 'vitest';
import { localIdentifiers, type DeviceIdentifiers, type OsFacts } from './identifiers.js';
import { createScrubber, findIdentifiers, scrubStrings } from './scrub.js';

const IDS: DeviceIdentifiers = {
  hostnames: ['ada-laptop.corp.example', 'ada-laptop', 'vm'],
  userNames: ['ada', 'user'],
  homeDirs: ['/home/ada', 'C:\\Users\\ada'],
  macs: ['52:54:00:12:34:56'],
};

describe('personal-mode scrubbing', () => {
  const scrub = createScrubber(IDS).text;

  it('removes home directories, account and host names, MACs and disk UUIDs', () => {
    expect(scrub('/home/ada/.config/kscreenlockerrc')).toBe('~/.config/kscreenlockerrc');
    expect(scrub('read /home/grace/.config/x and /Users/linus/Library')).toBe(
      'read /home/[user]/.config/x and /Users/[user]/Library',
    );
    expect(scrub('C:\\Users\\ada\\AppData and C:\\Users\\grace\\x, C:\\Users\\Public')).toBe(
      '~\\AppData and C:\\Users\\[user]\\x, C:\\Users\\Public',
    );
    expect(scrub('screen locked for ADA on ada-laptop (vm)')).toBe('screen locked for [user] on [host] ([host])');
    expect(scrub('host ada-laptop.corp.example')).toBe('host [host]');
    expect(scrub('link 52:54:00:12:34:56 / 52-54-00-12-34-56 / 525400123456 / 5254.0012.3456')).toBe(
      'link [mac] / [mac] / [mac] / [mac]',
    );
    expect(scrub('other mac aa:bb:cc:dd:ee:ff')).toBe('other mac [mac]');
    expect(
      scrub('/dev/mapper/luks-6c1f5a2e-9b7d-4c3a-8e0f-1d2c3b4a5968 (CRYPT-LUKS2-6c1f5a2e9b7d4c3a8e0f1d2c3b4a5968-x)'),
    ).toBe('/dev/mapper/luks-[uuid] (CRYPT-LUKS2-[uuid]-x)');
    expect(scrub(`LVM-${'a1'.repeat(32)}`)).toBe('LVM-[uuid]');
  });

  it('keeps words that only contain a name, standard GUIDs, and its own placeholders', () => {
    expect(scrub('adaptive kvm vmlinuz')).toBe('adaptive kvm vmlinuz');
    // A home is a path prefix: /home/adam is another account (cleaned as such), /rootfs no home.
    expect(createScrubber({ ...IDS, homeDirs: ['/root'] }).text('/rootfs and /root/x')).toBe('/rootfs and ~/x');
    expect(scrub('/home/adam/x')).toBe('/home/[user]/x');
    const efi = '/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c';
    expect(scrub(efi)).toBe(efi);
    // An account named "user" must not turn "[user]" into "[[user]]".
    expect(scrub('/home/grace')).toBe('/home/[user]');
    expect(findIdentifiers('/home/[user] on [host]', IDS)).toEqual([]);
  });

  it('rewrites every string of a nested value and nothing else', () => {
    const value = { a: ['on vm', 3, true, null], b: { c: '/home/ada/x', d: 1.5 } };
    expect(scrubStrings(value, scrub)).toEqual({ a: ['on [host]', 3, true, null], b: { c: '~/x', d: 1.5 } });
  });

  it('finds what is left, by kind only', () => {
    expect(
      findIdentifiers(
        { x: ['ADA-LAPTOP', 'in /home/ada', 'aa-bb-cc-dd-ee-ff', '6c1f5a2e-9b7d-4c3a-8e0f-1d2c3b4a5968'] },
        IDS,
      ).sort(),
    ).toEqual(['MAC address', 'UUID', 'home directory', 'host name', 'user name'].sort());
    expect(findIdentifiers({ x: 'nothing here' }, IDS)).toEqual([]);
  });
});

describe('localIdentifiers', () => {
  it('gathers host names, accounts with a home, home directories and non-zero MACs', () => {
    const os: OsFacts = {
      hostname: () => 'Ada-Laptop.corp.example',
      userInfo: () => ({ username: 'root', homedir: '/root' }),
      networkInterfaces: () => ({
        lo: [{ mac: '00:00:00:00:00:00' } as never],
        eth0: [{ mac: '52:54:00:AB:CD:EF' } as never, { mac: '52:54:00:AB:CD:EF' } as never],
      }),
      platform: 'linux',
      listDir: (path) => (path === '/home' ? ['ada', 'lost+found', '.snapshots', 'grace'] : []),
    };
    expect(localIdentifiers(os)).toEqual({
      hostnames: ['ada-laptop.corp.example', 'ada-laptop'],
      userNames: ['root', 'ada', 'grace'],
      homeDirs: ['/root', '/home/ada', '/home/grace'],
      macs: ['52:54:00:ab:cd:ef'],
    });
  });

  it('survives an account without a passwd entry', () => {
    const os: OsFacts = {
      hostname: () => 'localhost',
      userInfo: () => {
        throw new Error('ENOENT');
      },
      networkInterfaces: () => ({}),
      platform: 'darwin',
      listDir: () => ['Shared', 'ada'],
    };
    expect(localIdentifiers(os)).toEqual({ hostnames: [], userNames: ['ada'], homeDirs: ['/Users/ada'], macs: [] });
  });
});
