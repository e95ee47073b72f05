/**
 * The generated MDM artifacts (macOS profile, Jamf schema, ADMX/ADML) and the hand-written
 * installer sources are checked as their consumers will read them: plists with the agent's own
 * strict plist parser, XML for well-formedness, the ADMX/ADML pair for consistency, and every
 * managed setting round-trips through the agent's readers and config schema. The generator's
 * --check proves the committed copies are what the schema generates today.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePlist, type PlistValue } from '../../agent/src/config/managed-plist.js';
import { parseRegQuery } from '../../agent/src/config/managed-reg.js';
import { settingSpecs } from '../../agent/src/config/managed-settings.js';
import { registryLayer, WIN32_POLICY_KEY } from '../../agent/src/config/managed-win32.js';
import { childElements, parseXml, type XmlElement } from '../../agent/src/config/managed-xml.js';
import { ConfigLayerSchema, DEFAULTS } from '../../agent/src/config/schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');
const dict = (value: PlistValue | undefined): Record<string, PlistValue> => {
  expect(value !== null && typeof value === 'object' && !Array.isArray(value)).toBe(true);
  return value as Record<string, PlistValue>;
};
const manageable = settingSpecs().filter((s) => s.manageable);
const dotted = (values: Record<string, unknown>, prefix = ''): string[] =>
  Object.entries(values).flatMap(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? dotted(value as Record<string, unknown>, `${key}.`)
      : [`${prefix}${key}`],
  );
/** Every element in document order. */
const walk = (element: XmlElement): XmlElement[] => [element, ...childElements(element).flatMap(walk)];

describe('installers/macos/vigil.mobileconfig', () => {
  const text = read('installers/macos/vigil.mobileconfig');
  const settingsOf = (profile: PlistValue) => {
    const top = dict(profile);
    const payload = dict((top.PayloadContent as PlistValue[])[0]);
    expect(payload.PayloadType).toBe('com.apple.ManagedClient.preferences');
    const domain = dict(dict(payload.PayloadContent)['dev.vigil.agent']);
    const forced = dict((domain.Forced as PlistValue[])[0]);
    return dict(forced.mcx_preference_settings);
  };

  it('is a strict plist of a device-level configuration profile with stable, distinct UUIDs', () => {
    const top = dict(parsePlist(Buffer.from(text)));
    expect(top).toMatchObject({ PayloadType: 'Configuration', PayloadScope: 'System', PayloadVersion: 1 });
    const uuids = [top.PayloadUUID, dict((top.PayloadContent as PlistValue[])[0]).PayloadUUID];
    for (const uuid of uuids)
      expect(uuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(new Set(uuids).size).toBe(2);
  });

  it('sets every manageable setting that has a default, and the agent schema accepts the payload', () => {
    const settings = settingsOf(parsePlist(Buffer.from(text)));
    expect(ConfigLayerSchema.safeParse(settings).success).toBe(true);
    const withDefault = manageable.filter(
      (s) => s.key === 'serverUrl' || dotted(DEFAULTS as unknown as Record<string, unknown>).includes(s.key),
    );
    expect(dotted(settings).sort()).toEqual(withDefault.map((s) => s.key).sort());
  });

  it('offers the remaining settings as examples that are valid once uncommented', () => {
    const uncommented = text.replace(/<!-- EXAMPLE\n([\s\S]*?)\n\s*-->/g, '$1');
    const settings = settingsOf(parsePlist(Buffer.from(uncommented)));
    expect(ConfigLayerSchema.safeParse(settings).success).toBe(true);
    expect(dotted(settings).sort()).toEqual(manageable.map((s) => s.key).sort());
  });
});

describe('installers/macos/dev.vigil.agent.jamf-schema.json', () => {
  it('describes exactly the manageable settings', () => {
    const schema = JSON.parse(read('installers/macos/dev.vigil.agent.jamf-schema.json')) as {
      properties: Record<string, { properties?: object }>;
    };
    const keys = Object.entries(schema.properties).flatMap(([name, p]) =>
      p.properties ? Object.keys(p.properties).map((leaf) => `${name}.${leaf}`) : [name],
    );
    expect(keys.sort()).toEqual(manageable.map((s) => s.key).sort());
  });
});

describe('launchd jobs and entitlements', () => {
  const plist = (path: string) => dict(parsePlist(readFileSync(`${root}/${path}`)));

  it('runs the agent as a root LaunchDaemon, restarted only after failures', () => {
    const job = plist('installers/macos/dev.vigil.agent.plist');
    expect(job).toMatchObject({
      Label: 'dev.vigil.agent',
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 10,
      Umask: 0o077,
    });
    expect(job.UserName).toBeUndefined(); // launchd daemons run as root by default
    expect(job.ProgramArguments).toEqual([
      '/usr/local/vigil/node/bin/node',
      '/usr/local/vigil/app/bin/vigil.js',
      'run',
    ]);
    expect(job.ExitTimeOut).toBeGreaterThanOrEqual(10);
  });

  it('runs the tray as a LaunchAgent in GUI sessions only', () => {
    const job = plist('installers/macos/dev.vigil.tray.plist');
    expect(job).toMatchObject({
      Label: 'dev.vigil.tray',
      LimitLoadToSessionType: ['Aqua'],
      KeepAlive: { SuccessfulExit: false },
    });
    expect((job.ProgramArguments as string[])[0]).toMatch(/^\/Applications\/Vigil\.app\//);
  });

  it('gives node only the JIT entitlements', () => {
    expect(Object.keys(plist('installers/macos/node.entitlements')).sort()).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.cs.allow-unsigned-executable-memory',
    ]);
  });
});

describe('installers/windows/policy: ADMX and ADML', () => {
  const admx = parseXml(read('installers/windows/policy/vigil.admx'));
  const adml = parseXml(read('installers/windows/policy/en-US/vigil.adml'));
  const admxText = read('installers/windows/policy/vigil.admx');
  const strings = new Set(
    walk(adml)
      .filter((e) => e.name === 'string')
      .map((e) => e.attributes.id),
  );
  const presentations = new Map(
    walk(adml)
      .filter((e) => e.name === 'presentation')
      .map((e) => [e.attributes.id!, e]),
  );
  const policies = walk(admx).filter((e) => e.name === 'policy');

  it('are the documents Group Policy expects', () => {
    expect(admx.name).toBe('policyDefinitions');
    expect(adml.name).toBe('policyDefinitionResources');
    expect(admx.attributes.xmlns).toBe(adml.attributes.xmlns);
    expect(
      policies.every(
        (p) => p.attributes.class === 'Machine' && /^Software\\Policies\\Vigil(\\\w+)?$/.test(p.attributes.key!),
      ),
    ).toBe(true);
  });

  it('reference only strings and presentations the ADML defines, and the ADML defines nothing unused', () => {
    const usedStrings = new Set([...admxText.matchAll(/\$\(string\.([\w.]+)\)/g)].map((m) => m[1]));
    const usedPresentations = new Set([...admxText.matchAll(/\$\(presentation\.([\w.]+)\)/g)].map((m) => m[1]));
    expect([...usedStrings].filter((id) => !strings.has(id))).toEqual([]);
    expect([...strings].filter((id) => !usedStrings.has(id))).toEqual([]);
    expect([...usedPresentations].filter((id) => !presentations.has(id!))).toEqual([]);
    expect([...presentations.keys()].filter((id) => !usedPresentations.has(id))).toEqual([]);
  });

  it('give every presentation control an element of its own policy, and ids are unique', () => {
    const names = policies.map((p) => p.attributes.name);
    expect(new Set(names).size).toBe(names.length);
    for (const policy of policies) {
      const elements = childElements(policy).find((e) => e.name === 'elements');
      const elementIds = elements ? childElements(elements).map((e) => e.attributes.id) : [];
      const ref = /^\$\(presentation\.(.+)\)$/.exec(policy.attributes.presentation ?? '')?.[1];
      const refIds = ref
        ? walk(presentations.get(ref)!)
            .filter((e) => e.attributes.refId)
            .map((e) => e.attributes.refId)
        : [];
      expect(refIds.sort(), policy.attributes.name).toEqual(elementIds.sort());
    }
  });

  it('write registry values the agent reads back as every manageable setting, accepted by its schema', () => {
    // Simulate `reg query /s` after every policy is enabled with a valid value, then read it back.
    const keys = new Map<string, string[]>();
    for (const policy of policies) {
      const key = `HKEY_LOCAL_MACHINE\\${policy.attributes.key!.replace(/^Software/, 'SOFTWARE')}`;
      const lines = keys.get(key) ?? [];
      keys.set(key, lines);
      const elements = childElements(policy).find((e) => e.name === 'elements');
      const element = elements && childElements(elements)[0];
      if (!element) lines.push(`    ${policy.attributes.valueName}    REG_DWORD    0x1`);
      else if (element.name === 'decimal')
        lines.push(
          `    ${element.attributes.valueName}    REG_DWORD    0x${Number(element.attributes.minValue).toString(16)}`,
        );
      else if (element.name === 'longDecimal')
        lines.push(
          `    ${element.attributes.valueName}    REG_QWORD    0x${Number(element.attributes.maxValue).toString(16)}`,
        );
      else if (element.name === 'enum') {
        const first = walk(element).find((e) => e.name === 'string')!;
        lines.push(`    ${element.attributes.valueName}    REG_SZ    ${first.children.join('')}`);
      } else if (element.name === 'multiText')
        lines.push(`    ${element.attributes.valueName}    REG_MULTI_SZ    os.version\\0disk.encryption`);
      else lines.push(`    ${element.attributes.valueName}    REG_SZ    https://vigil.example.com`);
    }
    const output = [...keys].map(([key, lines]) => `\r\n${key}\r\n${lines.join('\r\n')}`).join('\r\n');
    const layer = registryLayer(parseRegQuery(output, WIN32_POLICY_KEY));
    const parsed = ConfigLayerSchema.safeParse(layer);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(dotted(layer).sort()).toEqual(manageable.map((s) => s.key).sort());
  });
});

describe('installers/windows sources', () => {
  it('the WiX source is well-formed and takes SERVERURL, ENROLLTOKEN (hidden) and SERVERCAFILE', () => {
    const wix = parseXml(read('installers/windows/vigil.wxs'));
    const properties = new Map(
      walk(wix)
        .filter((e) => e.name === 'Property')
        .map((e) => [e.attributes.Id, e.attributes]),
    );
    expect(properties.get('SERVERURL')).toMatchObject({ Secure: 'yes' });
    expect(properties.get('ENROLLTOKEN')).toMatchObject({ Secure: 'yes', Hidden: 'yes' });
    expect(properties.get('SERVERCAFILE')).toMatchObject({ Secure: 'yes' });
    const service = walk(wix).find((e) => e.name === 'ServiceInstall')!;
    expect(service.attributes).toMatchObject({ Name: 'VigilAgent', Account: 'LocalSystem', Start: 'auto' });
  });

  it('the WinSW configuration runs `vigil run` and stops it with Ctrl+C and a timeout', () => {
    const winsw = parseXml(read('installers/windows/vigil-service.xml'));
    const text = (name: string) =>
      walk(winsw)
        .filter((e) => e.name === name)
        .map((e) => e.children.join(''));
    expect(text('id')).toEqual(['VigilAgent']);
    expect(text('argument')).toEqual(['%BASE%\\app\\bin\\vigil.js', 'run']);
    expect(text('stoptimeout')).toEqual(['30 sec']);
    expect(text('stopparentprocessfirst')).toEqual(['true']);
  });

  it('the macOS distribution definition is well-formed', () => {
    expect(parseXml(read('installers/macos/distribution.xml')).name).toBe('installer-gui-script');
  });
});

describe('generated artifacts', () => {
  it('are what the config schema generates (no drift)', () => {
    const result = spawnSync(process.execPath, ['scripts/package/generate-mdm.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
  });
});
