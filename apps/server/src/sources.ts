// Where each venue's books come from, read from SOURCE: a venue's name streams the venue itself
// (its URLs from venueUrls, or Lighter's own settings, or the registry's documented defaults),
// sim-<venue> an in-process simulator of it (`simulator` is the seed's name for sim-lighter).
// Both registries (@ob/feeds venues.ts, @ob/simulator venues.ts) decide what is allowed.
import { capture, venueEntry, venueNames, type FeedLogger, type RegisteredFeed } from '@ob/feeds';
import type { MarketKind } from '@ob/core';
import type { LiveSettingsPatch, StartupSettings } from '@ob/protocol';
import { simulatedVenue, SIMULATED_VENUES } from '@ob/simulator';
import { openCapture, REPLAY_PREFIX, replayDirOf, type Capture, type CaptureSettings } from './capture';

export const SIM_PREFIX = 'sim-';
/** The seed's SOURCE=simulator. */
const ALIASES: Record<string, string> = { simulator: 'sim-lighter' };

export interface SourceSpec {
  /** As written in SOURCE. */
  name: string;
  venue: string;
  simulated: boolean;
}

export interface Source extends SourceSpec {
  feed: RegisteredFeed;
  /** Its recording (RECORD) or replay (SOURCE=replay:<dir>), or neither. */
  capture: Capture;
  /** Stops the simulator if one runs and closes the capture (the feed is stopped by its engine). */
  stop(): Promise<void>;
}

/** Every SOURCE entry allowed, for --help and error messages. */
export function allowedSources(): string[] {
  return [...venueNames(), ...SIMULATED_VENUES.map((s) => `${SIM_PREFIX}${s.venue}`), ...Object.keys(ALIASES)];
}

/** Checks SOURCE and venueUrls against the registries: a list of problems, empty when fine. */
export function checkSources(startup: Pick<StartupSettings, 'source' | 'venueUrls'>): { specs: SourceSpec[]; errors: string[] } {
  const errors: string[] = [];
  const specs: SourceSpec[] = [];
  const seen = new Map<string, string>();
  for (const name of startup.source) {
    if (name.startsWith(REPLAY_PREFIX)) {
      // A capture replays as the venue it was recorded from: the one its header names (RECORD
      // writes it), else the one its directory is named for (RECORD with several venues writes
      // <dir>/<venue>), else Lighter (captures from before either).
      const base = name.slice(REPLAY_PREFIX.length).replace(/\/+$/, '').split('/').pop() ?? '';
      const venue = [capture.captureVenue(replayDirOf(name)!), base].find((v) => v !== undefined && venueEntry(v) !== undefined) ?? 'lighter';
      if (seen.has(venue)) { errors.push(`source names venue ${venue} twice ("${seen.get(venue)}" and "${name}"): one engine per venue`); continue; }
      seen.set(venue, name);
      specs.push({ name, venue, simulated: false });
      continue;
    }
    const canonical = ALIASES[name] ?? name;
    const simulated = canonical.startsWith(SIM_PREFIX);
    const venue = simulated ? canonical.slice(SIM_PREFIX.length) : canonical;
    if (!venueEntry(venue) || (simulated && !simulatedVenue(venue))) {
      errors.push(`source must be a comma-separated list of ${allowedSources().join(', ')} (got "${name}")`);
      continue;
    }
    const twice = seen.get(venue);
    if (twice !== undefined) { errors.push(`source names venue ${venue} twice ("${twice}" and "${name}"): one engine per venue`); continue; }
    seen.set(venue, name);
    specs.push({ name, venue, simulated });
  }
  for (const venue of Object.keys(startup.venueUrls)) {
    if (!venueEntry(venue)) errors.push(`venueUrls names an unknown venue "${venue}"; venues: ${venueNames().join(', ')}`);
  }
  return { specs, errors };
}

type SourceSettings = Pick<StartupSettings, 'source' | 'venueUrls' | 'simRate' | 'lighterWsUrl' | 'lighterRestUrl'> & Omit<CaptureSettings, 'source'>
  & Partial<Pick<StartupSettings, 'marketKinds' | 'marketsPerConnection' | 'marketsRefreshSeconds'>>;

export const kindsOf = (k: StartupSettings['marketKinds'] | undefined): MarketKind[] =>
  k === 'both' ? ['perp', 'spot'] : k === 'spot' ? ['spot'] : ['perp'];

export async function startSources(
  startup: SourceSettings,
  live: LiveSettingsPatch,
  log: FeedLogger,
  /** A shard's share (SHARD=i/N): only the markets this accepts are streamed. */
  accept?: (venue: string, symbol: string) => boolean,
): Promise<Source[]> {
  const { specs, errors } = checkSources(startup);
  if (errors.length) throw new Error(errors.join('; '));
  const common = {
    symbols: live.markets ?? [],
    kinds: kindsOf(startup.marketKinds),
    marketsPerConnection: startup.marketsPerConnection,
    marketsRefreshMs: startup.marketsRefreshSeconds !== undefined ? startup.marketsRefreshSeconds * 1000 : undefined,
    log,
  };
  const out: Source[] = [];
  try {
    for (const spec of specs) {
      const mine = accept ? { accept: (symbol: string) => accept(spec.venue, symbol) } : {};
      out.push(await startSource(spec, startup, { ...common, ...mine }, specs.length > 1));
    }
  } catch (e) {
    await Promise.allSettled(out.map((s) => s.stop()));
    throw e;
  }
  return out;
}

type Common = { symbols: readonly string[]; kinds: MarketKind[]; marketsPerConnection?: number; marketsRefreshMs?: number; accept?: (symbol: string) => boolean; log: FeedLogger };

async function startSource(spec: SourceSpec, startup: SourceSettings, common: Common, several: boolean): Promise<Source> {
  const { log } = common;
  const entry = venueEntry(spec.venue)!;
  // With several venues each records into its own <RECORD>/<venue>.
  const record = startup.record !== '' && several ? `${startup.record.replace(/\/+$/, '')}/${spec.venue}` : startup.record;
  const capture = openCapture({ ...startup, source: spec.name, record }, spec.venue, log);
  const io = { ...capture.io };
  if (capture.replayDir !== null) {
    log.info({ dir: capture.replayDir, speed: startup.replaySpeed, venue: spec.venue }, `replaying the ${spec.venue} capture in ${capture.replayDir} at speed ${startup.replaySpeed}`);
    const feed = entry.createFeed({ ...common, ...io, wsUrl: spec.name, restUrl: spec.name });
    return { ...spec, feed, capture, stop: () => capture.close() };
  }
  if (spec.simulated) {
    const sim = await simulatedVenue(spec.venue)!.start({ rate: startup.simRate });
    log.info({ venue: spec.venue, wsUrl: sim.wsUrl, restUrl: sim.restUrl, rate: startup.simRate }, `simulated ${spec.venue} listening at ${sim.wsUrl}`);
    const feed = entry.createFeed({ ...common, ...io, wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    return { ...spec, feed, capture, stop: async () => { await capture.close(); await sim.stop(); } };
  }
  const urls = startup.venueUrls[spec.venue];
  const lighter = spec.venue === 'lighter';
  const wsUrl = urls?.ws ?? (lighter ? startup.lighterWsUrl : entry.defaultWsUrl);
  const restUrl = urls?.rest ?? (lighter ? startup.lighterRestUrl : entry.defaultRestUrl);
  return { ...spec, feed: entry.createFeed({ ...common, ...io, wsUrl, restUrl }), capture, stop: () => capture.close() };
}
