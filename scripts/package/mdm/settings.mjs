// The manageable settings with everything the generators need: schema facts (kind, limits,
// values, default) from the built agent, human text from installers/mdm/settings-text.mjs.
import { settingSpecs } from '../../../agent/dist/config/managed-settings.js';
import { DEFAULTS } from '../../../agent/dist/config/schema.js';
import { DESCRIPTIONS, GROUP_TITLES } from '../../../installers/mdm/settings-text.mjs';

function defaultOf(spec) {
  const scope = spec.group ? DEFAULTS[spec.group] : DEFAULTS;
  return scope?.[spec.name];
}

/** Throws on any mismatch between the schema and the text, so neither can drift alone. */
export function manageableSettings() {
  const specs = settingSpecs().filter((spec) => spec.manageable);
  const missing = specs.filter((spec) => !DESCRIPTIONS[spec.key]).map((spec) => spec.key);
  const stale = Object.keys(DESCRIPTIONS).filter((key) => !specs.some((spec) => spec.key === key));
  const groups = [...new Set(specs.map((spec) => spec.group).filter(Boolean))];
  const untitled = groups.filter((group) => !GROUP_TITLES[group]);
  if (missing.length || stale.length || untitled.length) {
    throw new Error(
      `installers/mdm/settings-text.mjs is out of step with the config schema: ` +
        `missing ${JSON.stringify(missing)}, stale ${JSON.stringify(stale)}, untitled groups ${JSON.stringify(untitled)}`,
    );
  }
  return specs.map((spec) => {
    const text = spec.description ?? DESCRIPTIONS[spec.key].text;
    // Profiles carry the text in XML comments, where "--" is not allowed.
    if (text.includes('--')) throw new Error(`description of ${spec.key} contains "--"`);
    return { ...spec, title: DESCRIPTIONS[spec.key].title, text, default: defaultOf(spec) };
  });
}

export { GROUP_TITLES };

/** "integer, 1–1440, default 15" */
export function describeType(setting) {
  const parts = [];
  if (setting.kind === 'integer') parts.push(`integer ${setting.minimum}–${setting.maximum}`);
  else if (setting.kind === 'enum') parts.push(`one of ${setting.values.join(', ')}`);
  else if (setting.kind === 'list') parts.push(`list of ${setting.values ? setting.values.join(', ') : 'strings'}`);
  else if (setting.format === 'uri') parts.push('HTTPS URL');
  else parts.push(setting.kind);
  parts.push(setting.default === undefined ? 'no default' : `default ${JSON.stringify(setting.default)}`);
  return parts.join('; ');
}
