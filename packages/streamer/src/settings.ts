// Live settings: one schema (@ob/protocol), validated whole, applied all or nothing.
import { fieldErrors, LiveSettings, LiveSettingsPatch, type FieldError } from '@ob/protocol';
import { Value } from 'typebox/value';

export function defaultSettings(): LiveSettings {
  const s = Value.Create(LiveSettings);
  return { ...s, depthOverrides: ownEntries(s.depthOverrides) };
}

/**
 * Per-symbol maps keyed by venue symbols are null-prototype copies: a venue may list a market
 * named `constructor` or `__proto__`, which on a plain object reads (or sets) Object.prototype.
 */
export function ownEntries<V>(o: Readonly<Record<string, V>>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const k of Object.keys(o)) out[k] = o[k]!;
  return out;
}

export type MergeResult =
  | { ok: true; settings: LiveSettings; changed: (keyof LiveSettings)[] }
  | { ok: false; errors: FieldError[] };

/** Checks a patch against the schema and the rules across fields; returns the merged settings. */
export function mergeSettings(current: LiveSettings, patch: unknown): MergeResult {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return { ok: false, errors: [{ field: '(body)', allowed: 'must be an object of settings', message: 'settings must be a JSON object' }] };
  }
  const errors = fieldErrors(LiveSettingsPatch, patch);
  if (errors.length) return { ok: false, errors };
  const next: LiveSettings = { ...current, ...(patch as Partial<LiveSettings>) };
  next.depthOverrides = ownEntries(next.depthOverrides);
  if (next.maxStalenessMs < next.batchIntervalMs) {
    const allowed = `must be >= batchIntervalMs (${next.batchIntervalMs})`;
    return { ok: false, errors: [{ field: 'maxStalenessMs', allowed, message: `maxStalenessMs ${allowed} (got ${next.maxStalenessMs})` }] };
  }
  const changed = (Object.keys(next) as (keyof LiveSettings)[])
    .filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]));
  return { ok: true, settings: next, changed };
}

export function depthFor(settings: LiveSettings, symbol: string): number {
  const o = settings.depthOverrides;
  return Object.hasOwn(o, symbol) ? o[symbol]! : settings.depth;
}
