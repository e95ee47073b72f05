/**
 * The catalogue of settings an organisation can enforce by MDM, derived from the config schema:
 * the Windows registry reader uses it to type registry values (the registry has no booleans), and
 * scripts/package/generate-mdm.mjs turns it into the macOS profile and the ADMX/ADML templates,
 * so neither can drift from the schema.
 */
import { z } from 'zod';
import { ConfigLayerSchema } from './schema.js';

export type SettingKind = 'string' | 'integer' | 'boolean' | 'enum' | 'list';

export interface SettingSpec {
  /** Dotted path, as in `origins` and `managedKeys` (`push.timeoutMs`). */
  key: string;
  /** The group for nested settings (`push`), else null. */
  group: string | null;
  /** The leaf name (`timeoutMs`). */
  name: string;
  kind: SettingKind;
  /** Allowed values of an enum, or of each item of a list. */
  values?: readonly string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  /** `uri` for URL settings. */
  format?: string;
  /** From the schema's `.describe()`/`.meta()`, when the schema carries one. */
  description?: string;
  /** False for settings that exist for tests or local wiring and are not offered to MDM. */
  manageable: boolean;
}

/**
 * intervalSeconds is a test and benchmark cadence; socketPath must stay where the tray looks for
 * it. A managed source may still set them (the schema accepts them), but the templates do not
 * offer them.
 */
export const NOT_OFFERED_TO_MDM: readonly string[] = ['intervalSeconds', 'socketPath'];

interface JsonSchemaLeaf {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  format?: string;
  description?: string;
  items?: JsonSchemaLeaf;
}

let cached: readonly SettingSpec[] | undefined;

export function settingSpecs(): readonly SettingSpec[] {
  cached ??= Object.freeze(
    Object.entries(ConfigLayerSchema.shape).flatMap(([name, field]) => {
      const inner = unwrap(field);
      if (inner instanceof z.ZodObject) {
        return Object.entries(inner.shape as Record<string, z.ZodType>).map(([leaf, schema]) =>
          spec(name, leaf, schema),
        );
      }
      return [spec(null, name, field)];
    }),
  );
  return cached;
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

function spec(group: string | null, name: string, schema: z.ZodType): SettingSpec {
  const key = group ? `${group}.${name}` : name;
  const json = z.toJSONSchema(unwrap(schema), { io: 'input', unrepresentable: 'any' }) as JsonSchemaLeaf;
  const base = {
    key,
    group,
    name,
    manageable: !NOT_OFFERED_TO_MDM.includes(key),
    ...(json.description ? { description: json.description } : {}),
  };
  if (json.type === 'boolean') return { ...base, kind: 'boolean' };
  if (json.type === 'integer' || json.type === 'number') {
    return { ...base, kind: 'integer', ...range(json) };
  }
  if (json.type === 'string' && json.enum) return { ...base, kind: 'enum', values: json.enum.map(String) };
  if (json.type === 'string') return { ...base, kind: 'string', ...(json.format ? { format: json.format } : {}) };
  if (json.type === 'array') {
    return {
      ...base,
      kind: 'list',
      ...(json.items?.enum ? { values: json.items.enum.map(String) } : {}),
      ...(json.minItems !== undefined ? { minItems: json.minItems } : {}),
    };
  }
  // A new kind of setting must be taught to the registry reader and the generator first.
  throw new TypeError(`setting ${key}: unsupported schema type ${json.type ?? '(none)'}`);
}

function range(json: JsonSchemaLeaf): Pick<SettingSpec, 'minimum' | 'maximum'> {
  return {
    ...(json.minimum !== undefined ? { minimum: json.minimum } : {}),
    ...(json.maximum !== undefined ? { maximum: json.maximum } : {}),
  };
}
