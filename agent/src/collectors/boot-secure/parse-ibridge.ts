/**
 * `system_profiler -json SPiBridgeDataType`: the Apple T2 or Apple silicon boot policy. Keys are
 * stable; values are localized words (`Full Security` on an English system, `Sécurité maximale`
 * on a French one), so only the English words are mapped and anything else is unknown, never a
 * guessed level. T2 says Full / Medium / No Security; Apple silicon Full / Reduced / Permissive.
 * An Intel Mac without T2 returns no item.
 */
import type { BootSecureValue } from '@vigil/shared';

const LEVELS: Readonly<Record<string, NonNullable<BootSecureValue['level']>>> = {
  'Full Security': 'full',
  'Medium Security': 'medium',
  'Reduced Security': 'reduced',
  'Permissive Security': 'permissive',
  'No Security': 'none',
};

export interface IBridge {
  /** null: no T2 or Apple silicon controller reported. */
  controller: { model: string | null; secureBoot: string | null; level: BootSecureValue['level'] } | null;
}

export function parseIBridge(json: string): IBridge | null {
  let items: unknown;
  try {
    items = (JSON.parse(json) as { SPiBridgeDataType?: unknown }).SPiBridgeDataType;
  } catch {
    return null;
  }
  if (!Array.isArray(items)) return null;
  const item = items[0] as Record<string, unknown> | undefined;
  if (!item) return { controller: null };
  const raw = typeof item.ibridge_secure_boot === 'string' ? item.ibridge_secure_boot : null;
  return {
    controller: {
      model: typeof item.ibridge_model_name === 'string' ? item.ibridge_model_name : null,
      secureBoot: raw,
      level: raw === null ? null : (LEVELS[raw.trim()] ?? null),
    },
  };
}
