// REST calls to the backend (same origin; Vite proxies /api in dev). Stateless functions:
// callers pass whatever per-user state (the admin token) a call needs.
import {
  CaptureResponse, ConfigResponse, ErrorBody, FeedConnections, FleetView, InstrumentGroup, InstrumentsResponse, MarketsResponse, RedisBookResponse, StatsResponse, StreamsResponse, BookSnapshot,
  type LiveSettingsPatch,
} from '@ob/protocol';
import type { TSchema, Static } from 'typebox';
import { checked } from './check';

/** A non-2xx answer; `body` is the server's ErrorBody when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | null;
  constructor(status: number, body: ErrorBody | null) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

async function request<T extends TSchema>(schema: T, path: string, init: RequestInit = {}): Promise<Static<T>> {
  const res = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  const body = await readJson(res);
  if (!res.ok) throw new ApiError(res.status, checked(ErrorBody, body));
  const value = checked(schema, body);
  if (value === null) throw new Error(`unexpected answer from ${path.split('?')[0]}`);
  return value;
}

/** `?venue=` (or `&venue=`) for the routes that answer for one venue or all; '' for all. */
const venueParam = (venue: string | null | undefined, sep: '?' | '&' = '?') => (venue ? `${sep}venue=${encodeURIComponent(venue)}` : '');

/** Every venue summed, or one venue's (venue given). */
export function getStats(seconds: number, signal?: AbortSignal, venue?: string | null) {
  return request(StatsResponse, `/api/stats?seconds=${seconds}${venueParam(venue, '&')}`, { signal });
}

export function getConfig(signal?: AbortSignal) {
  return request(ConfigResponse, '/api/config', { signal });
}

/** Sends only the changed settings; answers the config as it stands afterwards. */
export async function patchConfig(patch: LiveSettingsPatch, token: string | null): Promise<ConfigResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch('/api/config', { method: 'PATCH', headers, body: JSON.stringify(patch) });
  const body = await readJson(res);
  if (!res.ok) throw new ApiError(res.status, checked(ErrorBody, body));
  // The answer is normally the new config; if it is anything else, ask for it.
  return checked(ConfigResponse, body) ?? getConfig();
}

export function getMarkets(signal?: AbortSignal) {
  return request(MarketsResponse, '/api/markets', { signal });
}

const marketPath = (venue: string, symbol: string) => `/api/venues/${encodeURIComponent(venue)}/markets/${encodeURIComponent(symbol)}`;

export function getBook(venue: string, symbol: string, depth: number, signal?: AbortSignal) {
  return request(BookSnapshot, `${marketPath(venue, symbol)}/book?depth=${depth}`, { signal });
}

export function getRedisBook(venue: string, symbol: string, signal?: AbortSignal) {
  return request(RedisBookResponse, `${marketPath(venue, symbol)}/redis`, { signal });
}

export function getInstruments(signal?: AbortSignal) {
  return request(InstrumentsResponse, '/api/instruments', { signal });
}

export function getInstrument(key: string, signal?: AbortSignal) {
  return request(InstrumentGroup, `/api/instruments/${encodeURIComponent(key)}`, { signal });
}

/** One venue's connections (without a venue: the first venue's that has a connection view). */
export function getFeed(venue: string | null, signal?: AbortSignal) {
  return request(FeedConnections, `/api/feed${venueParam(venue)}`, { signal });
}

export function getFleet(signal?: AbortSignal) {
  return request(FleetView, '/api/fleet', { signal });
}

/** One venue's streams and channel, or every venue's. */
export function getStreams(venue: string | null, signal?: AbortSignal) {
  return request(StreamsResponse, `/api/streams${venueParam(venue)}`, { signal });
}

/** One venue's recording or replay (without a venue: the first venue's that records or replays). */
export function getCapture(venue: string | null, signal?: AbortSignal) {
  return request(CaptureResponse, `/api/capture${venueParam(venue)}`, { signal });
}
