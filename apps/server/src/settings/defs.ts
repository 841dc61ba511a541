// One list of every setting, derived from the protocol schemas: env var and CLI flag names,
// how a text value becomes typed, and how its range reads to an operator.
import { LiveSettings, StartupSettings } from '@ob/protocol';

export interface SchemaInfo {
  type?: string;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
  description?: string;
  patternProperties?: Record<string, SchemaInfo>;
  items?: SchemaInfo;
  pattern?: string;
}

export interface SettingDef {
  key: string;
  /** live: changeable at run time (PATCH /api/config); startup: needs a restart. */
  scope: 'live' | 'startup';
  env: string;
  flag: string;
  schema: SchemaInfo;
}

/** batchIntervalMs → BATCH_INTERVAL_MS */
export function envName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** batchIntervalMs → batch-interval-ms */
export function flagName(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function defsOf(scope: SettingDef['scope'], props: Record<string, unknown>): SettingDef[] {
  return Object.entries(props).map(([key, schema]) => ({
    key, scope, env: envName(key), flag: flagName(key), schema: schema as SchemaInfo,
  }));
}

export const SETTING_DEFS: readonly SettingDef[] = [
  ...defsOf('startup', StartupSettings.properties),
  ...defsOf('live', LiveSettings.properties),
];

export function defByKey(key: string): SettingDef | undefined {
  return SETTING_DEFS.find((d) => d.key === key);
}

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Text (env or CLI) → the schema's type. Text that does not convert is returned as is,
 * so validation reports it with the allowed range instead of a parse error.
 */
export function coerce(raw: string, schema: SchemaInfo): unknown {
  const text = raw.trim();
  if (schema.type === 'integer' || schema.type === 'number') return NUMBER_TEXT.test(text) ? Number(text) : raw;
  if (schema.type === 'array') {
    if (text.startsWith('[')) return parseJson(text) ?? raw;
    return text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  }
  if (schema.type === 'object') return parseJson(text) ?? raw;
  return raw;
}

function parseJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}

/** "1–10000", "none | gzip", "list", ... for --help and the README table. */
export function rangeText(schema: SchemaInfo): string {
  if (schema.enum) return schema.enum.map(String).join(' \\| ');
  const { minimum: lo, maximum: hi } = schema;
  if (lo !== undefined && hi !== undefined) return `${lo}–${hi}`;
  if (lo !== undefined) return `≥ ${lo}`;
  if (schema.type === 'array') return 'comma-separated list';
  if (schema.type === 'object') {
    const inner = schema.patternProperties && Object.values(schema.patternProperties)[0];
    return inner ? `JSON object of ${rangeText(inner)}` : 'JSON object';
  }
  if (schema.pattern) return `text matching \`${schema.pattern}\``;
  return schema.type === 'string' ? 'text' : schema.type ?? 'text';
}

export function defaultText(schema: SchemaInfo): string {
  const d = schema.default;
  if (d === '' || d === undefined) return '(empty)';
  if (Array.isArray(d)) return d.length ? d.join(',') : '(empty)';
  if (typeof d === 'object') return JSON.stringify(d);
  return String(d);
}
