/**
 * `nft -j list ruleset` (libnftables JSON schema): a flat `nftables` array of `{table}`,
 * `{chain}` (base chains carry `type`, `hook`, `prio`, `policy`) and `{rule}` objects (with
 * `family`, `table`, `chain` and an `expr` list), in ruleset order. An empty ruleset is just the
 * metainfo object. Only families that see local inbound IP traffic count: ip, ip6, inet.
 * Rules made by the iptables-nft shim keep extension targets it cannot translate as
 * `{"xt": {"type": "target", "name": "REJECT"}}` — a reject all the same.
 */
import { analyzeInbound, type ChainModel, type InboundAnalysis } from './inbound.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const INPUT_FAMILIES = new Set(['ip', 'ip6', 'inet']);
// Statements that do not restrict which packets a rule applies to.
const NON_MATCHING = new Set(['counter', 'log']);

const isDropVerdict = (statement: Json | undefined): boolean =>
  isObject(statement) &&
  ('drop' in statement ||
    'reject' in statement ||
    (isObject(statement.xt) &&
      statement.xt.type === 'target' &&
      (statement.xt.name === 'REJECT' || statement.xt.name === 'DROP')));

/**
 * Verdicts anywhere in a rule, including inside verdict maps. An explicit stack, not recursion:
 * JSON.parse accepts nesting deep enough to overflow a recursive walk (found by fuzzing).
 */
function scan(root: Json, found: { drops: boolean; jumps: string[] }): void {
  const pending: Json[] = [root];
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    if (Array.isArray(value)) for (const item of value) pending.push(item);
    else if (isObject(value)) {
      if (isDropVerdict(value)) found.drops = true;
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'jump' || key === 'goto') && isObject(inner) && typeof inner.target === 'string')
          found.jumps.push(inner.target);
        pending.push(inner);
      }
    }
  }
}

function isUnconditionalDrop(expr: readonly Json[]): boolean {
  if (!isDropVerdict(expr.at(-1))) return false;
  return expr
    .slice(0, -1)
    .every((statement) => isObject(statement) && Object.keys(statement).every((key) => NON_MATCHING.has(key)));
}

export function analyzeNftRuleset(json: string): InboundAnalysis | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isObject(parsed) || !Array.isArray(parsed.nftables)) return null;
  const chains = new Map<string, ChainModel>();
  const inputs: string[] = [];
  const keyOf = (family: Json | undefined, table: Json | undefined, name: Json | undefined) =>
    `${String(family)} ${String(table)}/${String(name)}`;

  for (const item of parsed.nftables) {
    if (!isObject(item)) continue;
    if (isObject(item.chain)) {
      const chain = item.chain;
      const key = keyOf(chain.family, chain.table, chain.name);
      chains.set(key, {
        label: key,
        policyDrop: chain.policy === 'drop',
        endsWithDrop: false,
        dropsSomething: false,
        jumps: [],
      });
      const filterType = chain.type === undefined || chain.type === 'filter';
      if (chain.hook === 'input' && filterType && INPUT_FAMILIES.has(String(chain.family))) inputs.push(key);
    } else if (isObject(item.rule)) {
      const rule = item.rule;
      const chain = chains.get(keyOf(rule.family, rule.table, rule.chain));
      if (!chain || !Array.isArray(rule.expr)) continue;
      const found = { drops: false, jumps: [] as string[] };
      scan(rule.expr, found);
      chain.dropsSomething ||= found.drops;
      chain.jumps.push(...found.jumps.map((target) => keyOf(rule.family, rule.table, target)));
      // Only the last rule decides the fall-through verdict, so reset on every rule.
      chain.endsWithDrop = isUnconditionalDrop(rule.expr);
    }
  }
  const empty = chains.size === 0 ? 'empty ruleset' : 'no chain hooked on input';
  return analyzeInbound(inputs, chains, empty);
}
