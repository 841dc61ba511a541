// Settings from environment variables: BATCH_INTERVAL_MS, REDIS_URL, ADMIN_TOKEN, ...
import { coerce, SETTING_DEFS } from './defs';

/** key → typed value for every setting whose env var is set. */
export function readEnv(env: Record<string, string | undefined>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const def of SETTING_DEFS) {
    const raw = env[def.env];
    if (raw === undefined) continue;
    // An empty variable means "unset" except for text settings, where '' is a real value.
    if (raw === '' && def.schema.type !== 'string') continue;
    out.set(def.key, coerce(raw, def.schema));
  }
  return out;
}
