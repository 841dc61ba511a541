// The pub/sub half of a subscription: its own connection SUBSCRIBEd to each venue's updates
// channel. Each message (a JSON list of the symbols a flush wrote) becomes onSymbols(); after a
// lost connection, once the channels are subscribed again, onReconnect() so the subscription
// reads what it may have missed meanwhile.
import type { Redis } from 'ioredis';
import { messageOf, ReaderError } from './errors';
import type { Keys } from './keys';

/** A message naming more symbols than this is not the streamer's (it has a symbol per market). */
export const MAX_SYMBOLS_PER_MESSAGE = 100_000;

export interface ChannelOptions {
  /** The connection to duplicate (same server, db and credentials). */
  redis: Redis;
  keys: Keys;
  venues: readonly string[];
  onSymbols(venue: string, symbols: readonly string[]): void;
  onReconnect(): void;
  onError(err: ReaderError): void;
}

export interface Channel {
  close(): Promise<void>;
}

function parseSymbols(message: string): string[] | undefined {
  let v: unknown;
  try { v = JSON.parse(message); } catch { return undefined; }
  if (!Array.isArray(v) || v.length > MAX_SYMBOLS_PER_MESSAGE || !v.every((s) => typeof s === 'string')) return undefined;
  return v as string[];
}

export async function openChannel(opts: ChannelOptions): Promise<Channel> {
  const byChannel = new Map(opts.venues.map((v) => [opts.keys.channel(v), v]));
  const channels = [...byChannel.keys()];
  const sub = opts.redis.duplicate({ lazyConnect: true });
  let open = false;
  let closed = false;
  sub.on('error', () => {}); // ioredis retries; losses show as reconnects, failed reads as ERR_REDIS
  sub.on('message', (channel: string, message: string) => {
    const venue = byChannel.get(channel);
    if (venue === undefined || closed) return;
    const symbols = parseSymbols(message);
    if (!symbols) {
      opts.onError(new ReaderError('ERR_DECODE', `${channel}: message is not a JSON list of symbols: ${message.slice(0, 80)}`));
      return;
    }
    opts.onSymbols(venue, symbols);
  });
  sub.on('ready', () => {
    if (!open || closed) return;
    // 'ready' comes before ioredis's own re-SUBSCRIBE is answered: ours is answered after it,
    // so from then on no message is missed, and the catch-up read covers the time before.
    sub.subscribe(...channels).then(() => { if (!closed) opts.onReconnect(); }, (err: unknown) => {
      opts.onError(new ReaderError('ERR_REDIS', `re-subscribing to ${channels.join(', ')}: ${messageOf(err)}`, { cause: err }));
    });
  });
  try {
    await sub.connect();
    await sub.subscribe(...channels);
  } catch (err) {
    sub.disconnect();
    throw new ReaderError('ERR_REDIS', `subscribing to ${channels.join(', ')}: ${messageOf(err)}`, { cause: err });
  }
  open = true;
  return {
    async close() {
      closed = true;
      await sub.quit().catch(() => sub.disconnect());
    },
  };
}
