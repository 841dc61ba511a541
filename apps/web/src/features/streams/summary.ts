// What the streams panel says at a glance, from GET /api/streams.
import type { StreamsResponse } from '@ob/protocol';

export interface StreamsSummary {
  /** "snapshot · maxLen 1000", or "off". */
  mode: string;
  streams: number;
  held: number;
  longest: number;
  /** Streams over maxLen by more than Redis's approximate trimming leaves (a sign it is not trimming). */
  overLimit: number;
}

/** Approximate MAXLEN trims whole nodes of this many entries (Redis's stream-node-max-entries default). */
export const TRIM_SLACK = 100;

export function summarize(s: StreamsResponse): StreamsSummary {
  let held = 0;
  let longest = 0;
  let overLimit = 0;
  for (const x of s.streams) {
    held += x.length;
    longest = Math.max(longest, x.length);
    if (x.length > s.maxLen + TRIM_SLACK) overLimit++;
  }
  return {
    mode: s.mode === 'off' ? 'off' : `${s.mode} · maxLen ${s.maxLen.toLocaleString('en-US')}`,
    streams: s.streams.filter((x) => x.length > 0).length,
    held, longest, overLimit,
  };
}

export interface VenueStreams extends StreamsSummary { venue: string; channel: string; readers: number }

/** Each venue's part of an every-venue answer, in the order of its channels. */
export function byVenue(s: StreamsResponse): VenueStreams[] {
  const channels = s.channels ?? [{ venue: s.streams[0]?.venue ?? '', channel: s.channel, readers: s.readers }];
  return channels.map((c) => ({
    venue: c.venue, channel: c.channel, readers: c.readers,
    ...summarize({ ...s, streams: s.streams.filter((x) => x.venue === c.venue) }),
  }));
}
