// Lighter as a VenueModule: the market list (orderBookDetails, perp and spot), one subscribe
// message per market (`order_book/{id}`), the fast frame parser, the nonce tracker. No socket
// code: connection/ dials, paces, pings and reconnects.
import type { MarketInfo } from '@ob/core';
import type { VenueFrame, VenueModule } from '../connection/types';
import { subscribeMsg, unsubscribeMsg } from './frames';
import { LIGHTER_LIMITS } from './limits';
import { fetchMarketList } from './markets';
import { parseLighterFrame } from './parse';
import { createMarketTracker } from './tracker';

export const VENUE = 'lighter';
export const WS_URL = 'wss://mainnet.zklighter.elliot.ai/stream?readonly=true';
export const REST_URL = 'https://mainnet.zklighter.elliot.ai/api/v1/orderBookDetails';
export const PING = '{"type":"ping"}';
export const PONG = '{"type":"pong"}';
const PING_FRAME: VenueFrame = { type: 'ping', reply: PONG };
const PONG_FRAME: VenueFrame = { type: 'pong' };
const CONNECTED_FRAME: VenueFrame = { type: 'connected' };

/** One frame as the connection machinery reads it. The book frame is passed on as parsed. */
export function decodeLighterFrame(text: string, receivedTs: number): VenueFrame {
  const f = parseLighterFrame(text, receivedTs);
  switch (f.type) {
    case 'book': case 'unknown': case 'invalid': return f;
    case 'ping': return PING_FRAME;
    case 'pong': return PONG_FRAME;
    case 'connected': return CONNECTED_FRAME;
    case 'error': return f.market === undefined ? { type: 'error', code: f.code, message: f.message } : f;
  }
}

export const lighterVenue: VenueModule = {
  venue: VENUE,
  limits: LIGHTER_LIMITS,
  wsUrl: WS_URL,
  restUrl: REST_URL,
  fetchMarkets: ({ restUrl, fetch, signal, timeoutMs }) => fetchMarketList(restUrl, fetch, signal, timeoutMs),
  subscribe: (markets: readonly MarketInfo[]) => markets.map((m) => subscribeMsg(m.id)),
  unsubscribe: (markets: readonly MarketInfo[]) => markets.map((m) => unsubscribeMsg(m.id)),
  ping: PING,
  decode: decodeLighterFrame,
  createTracker: createMarketTracker,
  // The venue answers a subscribe with the market's snapshot (or an error naming it).
  snapshotAnswersSubscribe: true,
};

/** The registry's shape (a factory per feed); Lighter's module holds no state, so it is the one object. */
export const createLighterVenue = (): VenueModule => lighterVenue;

export { LIGHTER_LIMITS } from './limits';
