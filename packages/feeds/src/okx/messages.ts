// Client messages: subscribe / unsubscribe of the `books` channel, several instruments per
// message (fewer messages against the 480-an-hour limit), and the text keepalive `ping`.
import type { MarketInfo } from '@ob/core';
import { BOOK_CHANNEL, CHANNELS_PER_MESSAGE, MAX_MESSAGE_BYTES } from './limits';

type Op = 'subscribe' | 'unsubscribe';

/** Batches of at most `perMessage` instruments, each message under the venue's 64 KB. */
export function bookMessages(op: Op, markets: readonly MarketInfo[], perMessage = CHANNELS_PER_MESSAGE): string[] {
  const out: string[] = [];
  let args: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (args.length > 0) out.push(`{"op":"${op}","args":[${args.join(',')}]}`);
    args = [];
    bytes = 0;
  };
  for (const m of markets) {
    const arg = JSON.stringify({ channel: BOOK_CHANNEL, instId: m.symbol });
    // 64 bytes of headroom for the envelope.
    if (args.length >= perMessage || bytes + arg.length + 1 > MAX_MESSAGE_BYTES - 64) flush();
    args.push(arg);
    bytes += arg.length + 1;
  }
  flush();
  return out;
}

export const subscribeBooks = (markets: readonly MarketInfo[]) => bookMessages('subscribe', markets);
export const unsubscribeBooks = (markets: readonly MarketInfo[]) => bookMessages('unsubscribe', markets);
