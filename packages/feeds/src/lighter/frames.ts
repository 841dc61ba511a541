// What the Lighter parser makes of one WebSocket text frame. The client (client.ts) acts on it;
// the parser (parse.ts) does no I/O and keeps no state, so it is tested on fixtures alone.
import type { BookEvent } from '@ob/core';

export type LighterFrame =
  /** subscribed/order_book (kind snapshot) or update/order_book (kind delta). */
  | { type: 'book'; event: BookEvent }
  | { type: 'connected' }
  | { type: 'ping' }
  | { type: 'pong' }
  /**
   * An error from the venue, `{"type":"error",...}` or without a type `{"error":{"code":N,"message":"..."}}`;
   * `code` '' when it gives none, `market` when the error names a channel we can read.
   */
  | { type: 'error'; code: string; message: string; market?: number }
  /** Valid JSON with a type we do not handle: logged once per name, counted, skipped. */
  | { type: 'unknown'; name: string }
  /** Not JSON, or a book frame with missing or wrong fields: counted, skipped, books untouched. */
  | { type: 'invalid'; reason: string };

/** `order_book:1` (server → client) → 1; anything else → -1. */
export function marketOfChannel(channel: string): number {
  const i = channel.indexOf(':');
  if (i < 0 || channel.slice(0, i) !== 'order_book') return -1;
  const rest = channel.slice(i + 1);
  // Digits only: Number('') is 0 and Number(' 1') is 1, which would misroute a malformed channel.
  return /^\d{1,9}$/.test(rest) ? Number(rest) : -1;
}

/** The subscribe/unsubscribe messages (note the `/` client → server). */
export const subscribeMsg = (market: number) => `{"type":"subscribe","channel":"order_book/${market}"}`;
export const unsubscribeMsg = (market: number) => `{"type":"unsubscribe","channel":"order_book/${market}"}`;
