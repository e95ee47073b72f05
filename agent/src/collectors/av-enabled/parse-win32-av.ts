/**
 * Defender status and Security Center products. Defender in passive mode is not the protecting
 * product (another antivirus is registered). Security Center's `productState` packs the state in
 * its hex digits: the middle byte 0x10/0x11 means on, the low byte 0x10 means signatures out of
 * date. Defender's own entry there is skipped when Get-MpComputerStatus answered.
 */
import type { AvProduct } from '@vigil/shared';
import { asList, asObject, bool, int, str } from '../windows/json.js';

const MAX_SIGNATURE_AGE_DAYS = 7;
const DEFENDER_NAMES = /^Windows Defender$|^Microsoft Defender/i;

function defenderProduct(d: Record<string, unknown>): AvProduct {
  const mode = str(d.runningMode);
  const passive = mode !== null && /passive/i.test(mode);
  const enabled = bool(d.amServiceEnabled) === true && bool(d.antivirusEnabled) === true && !passive;
  const age = int(d.signatureAgeDays);
  return {
    name: 'Microsoft Defender Antivirus',
    enabled,
    realTime: bool(d.realTimeProtectionEnabled),
    upToDate: age === null ? null : age <= MAX_SIGNATURE_AGE_DAYS,
    detail: [
      `mode ${mode ?? 'unknown'}`,
      `real-time ${bool(d.realTimeProtectionEnabled) ? 'on' : 'off'}`,
      age === null ? '' : `signatures ${age} day(s) old`,
    ]
      .filter(Boolean)
      .join(', '),
  };
}

export function decodeProductState(state: number): { on: boolean; upToDate: boolean } {
  return { on: [0x10, 0x11].includes((state >> 8) & 0xff), upToDate: (state & 0xff) === 0x00 };
}

export function parseWin32Av(json: unknown): { products: AvProduct[]; problems: string[] } | null {
  const root = asObject(json);
  if (!root) return null;
  const products: AvProduct[] = [];
  const problems: string[] = [];
  const defender = asObject(root.defender);
  if (defender && !('vigilError' in defender)) products.push(defenderProduct(defender));
  else if (defender) problems.push(`Get-MpComputerStatus: ${String(defender.vigilError)}`);
  const center = root.securityCenter;
  if (asObject(center) && 'vigilError' in (center as object))
    problems.push(`Security Center: ${String((center as Record<string, unknown>).vigilError)}`);
  for (const item of asList(center)) {
    const product = asObject(item);
    const name = str(product?.name);
    const state = int(product?.productState);
    if (!product || !name || 'vigilError' in product || state === null) continue;
    if (DEFENDER_NAMES.test(name) && products.some((p) => p.name === 'Microsoft Defender Antivirus')) continue;
    const decoded = decodeProductState(state);
    products.push({
      name: name.slice(0, 200),
      enabled: decoded.on,
      realTime: decoded.on,
      upToDate: decoded.upToDate,
      detail: `Security Center state 0x${state.toString(16).padStart(6, '0')}: ${decoded.on ? 'on' : 'off'}, signatures ${decoded.upToDate ? 'up to date' : 'out of date'}`,
    });
  }
  return { products, problems };
}
