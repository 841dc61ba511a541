// Input from outside is checked against the shared schema before the UI trusts its shape.
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';

/** `value` as the schema's type, or null when it does not match. */
export function checked<T extends TSchema>(schema: T, value: unknown): Static<T> | null {
  return Value.Check(schema, value) ? (value as Static<T>) : null;
}
