/**
 * `sw_vers` prints `Key:<tabs>value` lines. A Rapid Security Response adds `ProductVersionExtra:
 * (a)` (macOS 13+), which is part of the version users see (`13.3.1 (a)`) and of patch currency.
 * macOS 10.15 and older call themselves `Mac OS X`.
 */
export interface SwVers {
  productName: string;
  /** With the RSR suffix when there is one: `13.3.1 (a)`. */
  version: string;
  build: string | null;
  /** 13 for `13.3.1`; 10 for `10.15.7`. */
  major: number | null;
}

const CODENAMES: Readonly<Record<number, string>> = {
  11: 'Big Sur',
  12: 'Monterey',
  13: 'Ventura',
  14: 'Sonoma',
  15: 'Sequoia',
  26: 'Tahoe',
};

export function parseSwVers(text: string): SwVers | null {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\w+):\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) fields.set(match[1], match[2]);
  }
  const base = fields.get('ProductVersion');
  if (!base || !/^\d+(\.\d+)*$/.test(base)) return null;
  const extra = fields.get('ProductVersionExtra');
  const major = Number.parseInt(base, 10);
  return {
    productName: fields.get('ProductName') || 'macOS',
    version: extra && /^\([a-z]\)$/.test(extra) ? `${base} ${extra}` : base,
    build: fields.get('BuildVersion') || null,
    major: Number.isSafeInteger(major) ? major : null,
  };
}

/** Marketing name of a macOS major version, when known. */
export const macosCodename = (major: number | null): string | undefined =>
  major === null ? undefined : CODENAMES[major];
