// The operator's live tuning at {prefix}:config (JSON: settings + lastChange), so a restart keeps it.
import { ConfigChange, fieldErrors, LiveSettingsPatch, type LiveSettings } from '@ob/protocol';
import Type from 'typebox';
import { Value } from 'typebox/value';
import type { RedisLike } from './types';

export interface StoredConfig {
  settings: LiveSettingsPatch;
  lastChange: ConfigChange | null;
}

export interface LoadedConfig {
  stored: StoredConfig | null;
  /** Stored fields that no longer validate (dropped), or why nothing could be read. */
  problems: string[];
}

export interface ConfigStore {
  readonly key: string;
  load(): Promise<LoadedConfig>;
  save(settings: LiveSettings, lastChange: ConfigChange | null): Promise<void>;
}

const StoredShape = Type.Object({
  settings: Type.Record(Type.String(), Type.Unknown()),
  lastChange: Type.Union([ConfigChange, Type.Null()]),
});

export function configKey(prefix: string): string {
  return `${prefix}:config`;
}

export function createConfigStore(redis: RedisLike | null, prefix: string): ConfigStore {
  const key = configKey(prefix);
  return {
    key,
    async load() {
      if (!redis) return { stored: null, problems: [] };
      let text: string | null;
      try { text = await redis.get(key); } catch (e) {
        return { stored: null, problems: [`could not read ${key}: ${(e as Error).message}`] };
      }
      if (text === null) return { stored: null, problems: [] };
      let parsed: unknown;
      try { parsed = JSON.parse(text); } catch { return { stored: null, problems: [`${key} is not JSON; ignored`] }; }
      if (!Value.Check(StoredShape, parsed)) return { stored: null, problems: [`${key} does not have the {settings,lastChange} shape; ignored`] };
      // Keep every stored setting that is still valid on its own (a newer schema may have narrowed one).
      // Keyed by what Redis holds (anyone with access to it may have written it): no prototype to reach.
      const settings = Object.create(null) as Record<string, unknown>;
      const problems: string[] = [];
      for (const [name, value] of Object.entries(parsed.settings)) {
        const errors = fieldErrors(LiveSettingsPatch, { [name]: value });
        if (errors.length) problems.push(`stored ${errors.map((e) => e.message).join('; ')}: dropped`);
        else settings[name] = value;
      }
      return { stored: { settings: settings as LiveSettingsPatch, lastChange: parsed.lastChange }, problems };
    },
    async save(settings, lastChange) {
      if (!redis) return;
      await redis.set(key, JSON.stringify({ settings, lastChange }));
    },
  };
}
