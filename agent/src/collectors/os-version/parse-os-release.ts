/**
 * os-release(5): `KEY=value` lines, values optionally in double or single quotes; inside double
 * quotes `\"`, `\\`, `\$` and `` \` `` are escapes. Comments and blank lines are ignored.
 */
export type OsRelease = Readonly<Record<string, string>>;

const LINE = /^([A-Z][A-Z0-9_]*)=(.*)$/;

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\([\\"$`])/g, '$1');
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

export function parseOsRelease(text: string): OsRelease {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = LINE.exec(trimmed);
    if (match?.[1] !== undefined && match[2] !== undefined) fields[match[1]] = unquote(match[2]);
  }
  return fields;
}

export interface LinuxRelease {
  distroId: string;
  name: string;
  version: string;
  codename?: string;
}

/**
 * The version as the distro prints it: the rest of PRETTY_NAME after NAME when it starts with
 * VERSION_ID (`Ubuntu 22.04.4 LTS` → `22.04.4 LTS`, which carries the point release that
 * VERSION_ID lacks; `Debian GNU/Linux 12 (bookworm)` → `12 (bookworm)`), else VERSION, else
 * VERSION_ID. Rolling distros (Arch) have no VERSION_ID: BUILD_ID, else `rolling`.
 */
export function describeRelease(release: OsRelease): LinuxRelease {
  // os-release(5): ID defaults to "linux", NAME to "Linux", PRETTY_NAME to "Linux".
  const distroId = (release.ID ?? '').toLowerCase() || 'linux';
  const name = release.NAME || 'Linux';
  const pretty = release.PRETTY_NAME || name;
  const versionId = release.VERSION_ID;
  const rest = pretty.startsWith(`${name} `) ? pretty.slice(name.length + 1).trim() : '';
  let version: string;
  if (versionId) {
    version = rest.startsWith(versionId) ? rest : release.VERSION || versionId;
  } else {
    version = release.BUILD_ID || rest || 'rolling';
  }
  const codename = release.VERSION_CODENAME || undefined;
  return {
    distroId: distroId.slice(0, 64),
    name: name.slice(0, 200),
    version: version.slice(0, 100),
    ...(codename ? { codename: codename.slice(0, 100) } : {}),
  };
}
