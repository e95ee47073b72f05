/**
 * Reading values out of ConvertTo-Json output. Windows PowerShell 5.1 writes enums as numbers,
 * other paths as their names, registry DWORDs as numbers and REG_SZ values as strings: readers
 * accept each form and return null for anything else, never a default.
 */
export type Json = Record<string, unknown>;

export const asObject = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;

export const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];

export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function int(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return null;
}

export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'True' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'False' || value === 'false') return false;
  return null;
}

/** An enum written as its number or its name, mapped to our name; null when unrecognised. */
export function enumValue<T extends string>(value: unknown, names: Readonly<Record<number, T>>): T | null {
  if (typeof value === 'number') return names[value] ?? null;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return names[Number(value)] ?? null;
    const wanted = value.replace(/\s+/g, '').toLowerCase();
    return Object.values(names).find((name) => name.toLowerCase() === wanted) ?? null;
  }
  return null;
}

/** `[DateTime]::ToString('s')` of a UTC time, or an ISO string; null for empty or pre-2000 values. */
export function utcIso(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const normalized = /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
  const time = Date.parse(normalized);
  return Number.isNaN(time) || new Date(time).getUTCFullYear() < 2000 ? null : new Date(time).toISOString();
}
