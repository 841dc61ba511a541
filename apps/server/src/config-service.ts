// Live settings as the API sees them: the engine validates and applies, this adds who/when,
// persistence in Redis, the restore at start, and change notifications for /ws.
import { LiveSettings, type ConfigChange, type ConfigResponse, type FieldError, type LiveSettingsPatch } from '@ob/protocol';
import { Value } from 'typebox/value';
import type { Logger, Streamer } from '@ob/streamer';
import type { ConfigStore } from './redis/config-store';
import type { Access } from './security/auth';

export type ApplyResult = { ok: true; config: ConfigResponse; changed: string[] } | { ok: false; errors: FieldError[] };

export interface RestoreResult {
  /** Settings taken from the persisted tuning. */
  restored: string[];
  /** Persisted settings that CLI/env overrode. */
  overridden: string[];
  problems: string[];
}

export interface ConfigService {
  get(): ConfigResponse;
  apply(patch: unknown, by: string): Promise<ApplyResult>;
  /** At start: persisted tuning, then the explicit CLI/env values on top. Throws on invalid explicit values. */
  restore(explicit: LiveSettingsPatch): Promise<RestoreResult>;
  /** `origin`: local for a change made here (apply), fleet for one adopted from another instance (adoptStored). */
  onChange(listener: (config: ConfigResponse, origin: 'local' | 'fleet') => void): () => void;
  /**
   * Another instance saved {prefix}:config: apply what it holds (validated whole, as a PATCH is),
   * without saving it again. Resolves with the settings that changed here.
   */
  adoptStored(): Promise<string[]>;
  /** Writes the live settings to {prefix}:config again (Redis was reset), retrying while Redis is not back yet. */
  repersist(): Promise<void>;
}

/** repersist() tries this often, this far apart, before it gives up and says so. */
export const REPERSIST_ATTEMPTS = 20;
export const REPERSIST_RETRY_MS = 500;

export class StartupConfigError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`invalid live settings at start: ${errors.map((e) => e.message).join('; ')}`);
  }
}

export function createConfigService(deps: { streamer: Pick<Streamer, 'configure' | 'settings'>; store: ConfigStore; access: Access; log: Logger }): ConfigService {
  const { streamer, store, access, log } = deps;
  let lastChange: ConfigChange | null = null;
  const listeners = new Set<(config: ConfigResponse, origin: 'local' | 'fleet') => void>();
  const get = (): ConfigResponse => ({ settings: streamer.settings(), lastChange, access: { ...access } });

  return {
    get,
    async apply(patch, by) {
      const result = streamer.configure(patch);
      if (!result.ok) return { ok: false, errors: result.errors };
      if (result.changed.length === 0) return { ok: true, config: get(), changed: [] };
      lastChange = { at: Date.now(), by, changed: result.changed };
      log.info({ by, changed: result.changed, settings: result.settings }, `config changed by ${by}: ${result.changed.join(', ')}`);
      try {
        await store.save(result.settings, lastChange);
      } catch (e) {
        // Applied in memory already; the operator sees it live, only a restart would lose it.
        log.error({ err: e, key: store.key }, 'config change applied but not persisted (Redis write failed)');
      }
      const config = get();
      for (const fn of listeners) fn(config, 'local');
      return { ok: true, config, changed: result.changed };
    },
    async restore(explicit) {
      const { stored, problems } = await store.load();
      for (const p of problems) log.warn({ key: store.key }, `persisted config: ${p}`);
      const persisted = stored?.settings ?? {};
      const restored = Object.keys(persisted).filter((k) => !Object.hasOwn(explicit, k));
      const overridden = Object.keys(persisted).filter((k) => Object.hasOwn(explicit, k));
      let result = streamer.configure({ ...persisted, ...explicit });
      if (!result.ok && stored) {
        log.warn({ errors: result.errors, key: store.key }, 'persisted config does not combine with the CLI/env settings; ignoring the persisted config');
        restored.length = 0;
        result = streamer.configure(explicit);
      }
      if (!result.ok) throw new StartupConfigError(result.errors);
      if (stored) {
        lastChange = stored.lastChange;
        // The whole settings object is stored (downstream readers see the live values); name only the tuned ones.
        const defaults = Value.Default(LiveSettings, {}) as Record<string, unknown>;
        const show = (k: string, v: unknown) => `${k}=${JSON.stringify(v)}`;
        const p = persisted as Record<string, unknown>;
        const tuned = restored.filter((k) => JSON.stringify(p[k]) !== JSON.stringify(defaults[k]));
        const over = overridden.filter((k) => JSON.stringify(p[k]) !== JSON.stringify((explicit as Record<string, unknown>)[k]));
        log.warn({ key: store.key, restored: tuned, overridden: over, lastChange },
          `RESTORED operator tuning from Redis ${store.key}`
          + (lastChange ? ` (last changed by ${lastChange.by} at ${new Date(lastChange.at).toISOString()})` : '')
          + `: ${tuned.map((k) => show(k, p[k])).join(', ') || 'all defaults'}`
          + (over.length ? `; overridden at start by CLI/env: ${over.map((k) => `${show(k, p[k])} -> ${JSON.stringify((explicit as Record<string, unknown>)[k])}`).join(', ')}` : ''));
      }
      return { restored, overridden, problems };
    },
    async adoptStored() {
      const { stored, problems } = await store.load();
      for (const p of problems) log.warn({ key: store.key }, `fleet config: ${p}`);
      if (!stored) return [];
      const result = streamer.configure(stored.settings);
      if (!result.ok) {
        log.warn({ errors: result.errors, key: store.key }, 'fleet config: the stored settings do not validate here; keeping the current ones');
        return [];
      }
      lastChange = stored.lastChange;
      const config = get();
      for (const fn of listeners) fn(config, 'fleet');
      return result.changed;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async repersist() {
      for (let attempt = 1; ; attempt++) {
        try {
          await store.save(streamer.settings(), lastChange);
          log.warn({ key: store.key }, `redis was reset: the live settings are persisted again at ${store.key}`);
          return;
        } catch (e) {
          if (attempt >= REPERSIST_ATTEMPTS) {
            log.error({ err: e, key: store.key }, `redis was reset and ${store.key} could not be written again: a restart would lose the live tuning`);
            return;
          }
          await new Promise((r) => setTimeout(r, REPERSIST_RETRY_MS));
        }
      }
    },
  };
}
