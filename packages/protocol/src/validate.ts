// Turns schema errors into messages an operator can act on: the field, what is allowed, what was sent.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';

export interface FieldError {
  /** Dotted path of the offending field, e.g. "batchIntervalMs" or "depthOverrides.BTC". */
  field: string;
  /** "must be an integer from 1 to 10000" */
  allowed: string;
  message: string;
}

interface Bounds { type?: unknown; minimum?: number; maximum?: number; enum?: unknown[]; minLength?: number; maxLength?: number; pattern?: string; maxItems?: number }

/** Human text for what a schema accepts, from its bounds. */
export function describeAllowed(schema: Bounds | undefined): string {
  if (!schema) return 'is not a known setting';
  if (schema.enum) return `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  const kind = schema.type === 'integer' ? 'an integer' : schema.type === 'number' ? 'a number'
    : schema.type === 'string' ? 'a string' : schema.type === 'array' ? 'a list' : schema.type === 'object' ? 'an object' : 'a valid value';
  const { minimum: lo, maximum: hi } = schema;
  if (lo !== undefined && hi !== undefined) return `must be ${kind} from ${lo} to ${hi}`;
  if (lo !== undefined) return `must be ${kind} >= ${lo}`;
  if (hi !== undefined) return `must be ${kind} <= ${hi}`;
  if (schema.pattern) return `must be ${kind} matching ${schema.pattern}`;
  if (schema.maxLength !== undefined) return `must be ${kind} of ${schema.minLength ?? 0} to ${schema.maxLength} characters`;
  if (schema.maxItems !== undefined) return `must be ${kind} of at most ${schema.maxItems} items`;
  return `must be ${kind}`;
}

function schemaAt(root: TSchema, path: string[]): Bounds | undefined {
  let s: any = root;
  for (const key of path) {
    if (!s) return undefined;
    if (s.properties) s = s.properties[key];
    else if (s.patternProperties) s = Object.values(s.patternProperties)[0];
    else if (s.items) s = s.items;
    else if (typeof s.additionalProperties === 'object') s = s.additionalProperties;
    else return undefined;
  }
  return s;
}

function valueAt(value: unknown, path: string[]): unknown {
  let v: any = value;
  for (const key of path) v = v == null ? undefined : v[key];
  return v;
}

/** Every problem with `value` against `schema`, one per field, or [] when valid. */
export function fieldErrors(schema: TSchema, value: unknown): FieldError[] {
  if (Value.Check(schema, value)) return [];
  const seen = new Map<string, FieldError>();
  for (const e of Value.Errors(schema, value)) {
    let path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    // Unknown keys are reported on the parent object; name the key itself.
    const extra = (e.params as { additionalProperties?: string[] }).additionalProperties;
    if (e.keyword === 'additionalProperties' && extra?.length) {
      for (const key of extra) {
        const field = [...path, key].join('.');
        seen.set(field, { field, allowed: 'is not a known setting', message: `${field} is not a known setting` });
      }
      continue;
    }
    const field = path.join('.') || '(body)';
    if (seen.has(field)) continue;
    const allowed = describeAllowed(schemaAt(schema, path));
    const got = valueAt(value, path);
    seen.set(field, { field, allowed, message: `${field} ${allowed} (got ${JSON.stringify(got) ?? 'nothing'})` });
  }
  return [...seen.values()];
}
