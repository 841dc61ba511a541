// Live settings: one schema (@ob/protocol), validated whole, applied all or nothing.
import { fieldErrors, LiveSettings, LiveSettingsPatch, type FieldError } from '@ob/protocol';
import { Value } from 'typebox/value';

export function defaultSettings(): LiveSettings {
  return Value.Create(LiveSettings);
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
  if (next.maxStalenessMs < next.batchIntervalMs) {
    const allowed = `must be >= batchIntervalMs (${next.batchIntervalMs})`;
    return { ok: false, errors: [{ field: 'maxStalenessMs', allowed, message: `maxStalenessMs ${allowed} (got ${next.maxStalenessMs})` }] };
  }
  const changed = (Object.keys(next) as (keyof LiveSettings)[])
    .filter((k) => JSON.stringify(next[k]) !== JSON.stringify(current[k]));
  return { ok: true, settings: next, changed };
}

export function depthFor(settings: LiveSettings, symbol: string): number {
  return settings.depthOverrides[symbol] ?? settings.depth;
}
