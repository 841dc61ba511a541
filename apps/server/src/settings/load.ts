// Startup settings and the live settings given at start, from CLI and env, validated.
import {
  fieldErrors, LiveSettingsPatch, StartupSettings, type FieldError,
  type LiveSettingsPatch as LivePatch, type StartupSettings as Startup,
} from '@ob/protocol';
import { parseShard } from '@ob/core';
import { Value } from 'typebox/value';
import { capture } from '@ob/feeds';
import { parseCli } from './cli';
import { defByKey } from './defs';
import { readEnv } from './env';
import { helpText, settingsTable } from './help';
import { checkSources } from '../sources';

export type SettingSource = 'cli' | 'env';

export type LoadResult =
  | {
    kind: 'run';
    startup: Startup;
    /** Live settings given explicitly at start; they win over the persisted tuning. */
    live: LivePatch;
    /** Where each explicit setting came from. */
    from: Record<string, SettingSource>;
  }
  | { kind: 'help'; text: string }
  | { kind: 'error'; messages: string[] };

/** "invalid setting BATCH_INTERVAL_MS: batchIntervalMs must be an integer from 1 to 10000 (got 0)" */
export function describeFieldError(e: FieldError, from?: SettingSource): string {
  const def = defByKey(e.field.split('.')[0]!);
  if (!def) return `invalid setting: ${e.message}`;
  const name = from === 'cli' ? `--${def.flag}` : from === 'env' ? def.env : `${def.env} / --${def.flag}`;
  return `invalid setting ${name}: ${e.message}`;
}

export function loadSettings(argv: readonly string[], env: Record<string, string | undefined>): LoadResult {
  const cli = parseCli(argv);
  if (cli.help) return { kind: 'help', text: helpText() };
  if (cli.printTable) return { kind: 'help', text: settingsTable() };
  if (cli.errors.length) return { kind: 'error', messages: cli.errors };

  const envValues = readEnv(env);
  const from: Record<string, SettingSource> = {};
  const startupRaw: Record<string, unknown> = {};
  const liveRaw: Record<string, unknown> = {};
  for (const [values, source] of [[envValues, 'env'], [cli.values, 'cli']] as const) {
    for (const [key, value] of values) {
      const target = defByKey(key)!.scope === 'live' ? liveRaw : startupRaw;
      target[key] = value;
      from[key] = source;
    }
  }

  const startup = Value.Default(StartupSettings, structuredClone(startupRaw)) as Record<string, unknown>;
  const errors = [...fieldErrors(StartupSettings, startup), ...fieldErrors(LiveSettingsPatch, liveRaw)];
  if (!errors.some((e) => e.field === 'replaySpeed')) errors.push(...replaySpeedErrors(startup.replaySpeed));
  if (errors.length) {
    return { kind: 'error', messages: errors.map((e) => describeFieldError(e, from[e.field.split('.')[0]!])) };
  }
  // The venues allowed come from the registries, not the schema (a new venue is a registry line).
  const sources = checkSources(startup as Startup).errors;
  if (sources.length) {
    return { kind: 'error', messages: sources.map((m) => describeFieldError({ field: m.startsWith('venueUrls') ? 'venueUrls' : 'source', allowed: '', message: m }, from[m.startsWith('venueUrls') ? 'venueUrls' : 'source'])) };
  }
  // i < N is beyond the schema's pattern: checked here, named the same way.
  const shard = parseShard(String(startup.shard ?? ''));
  if (typeof shard === 'string') return { kind: 'error', messages: [describeFieldError({ field: 'shard', allowed: 'i/N with 0 <= i < N <= 1024', message: shard }, from.shard)] };
  return { kind: 'run', startup: startup as Startup, live: liveRaw as LivePatch, from };
}

/** What the pattern cannot say: the speed's range. */
function replaySpeedErrors(value: unknown): FieldError[] {
  if (typeof value !== 'string' || typeof capture.parseReplaySpeed(value) !== 'object') return [];
  const allowed = `must be a number above 0 and at most ${capture.MAX_REPLAY_SPEED}, or "max"`;
  return [{ field: 'replaySpeed', allowed, message: `replaySpeed ${allowed} (got ${JSON.stringify(value)})` }];
}
