// One call per frame from any connection: the module decodes it, the tracker judges a book
// event, and the verdict or the frame's kind says what follows (deliver, resync that market,
// answer a ping, tally a venue error, count and skip). No closures on the hot path.
import type { BookEvent } from '@ob/core';
import type { FeedContext } from './context';
import type { Link } from './link';
import { MAX_LOGGED_TYPE_NAMES } from './settings';
import type { Subscriptions } from './subscriptions';
import { BACKWARD, CHECKSUM, DELIVER, GAP, type VenueFrame } from './types';

export type OnMessage = (link: Link, text: string, bytes: number) => void;

const FAULT_NAMES: Record<number, string> = { [GAP]: 'gap', [CHECKSUM]: 'checksum', [BACKWARD]: 'backward' };
const FAULT_TEXTS: Record<number, string> = {
  [GAP]: 'sequence gap', [CHECKSUM]: 'checksum mismatch', [BACKWARD]: 'event older than the book refused',
};

export function createFrameHandler<E extends BookEvent>(ctx: FeedContext<E>, subs: Subscriptions): OnMessage {
  const { module, tracker, c, limited, pacer, clock } = ctx;
  const loggedTypes = new Set<string>();

  // Frames of one socket read come in one synchronous burst: one clock read serves them all,
  // and a microtask ends the burst and wakes the listener once.
  let burstNow = -1;
  const endBurst = () => {
    // Answers in this read may have freed in-flight slots: send what waits for them now.
    if (subs.queued() > 0 && !ctx.stopped) subs.pump(burstNow);
    burstNow = -1;
    if (!ctx.stopped && ctx.listener?.wake) ctx.guard('wake', () => ctx.listener!.wake!());
  };

  return function onMessage(link, text, bytes) {
    if (ctx.stopped) return;
    if (burstNow < 0) { burstNow = clock.now(); queueMicrotask(endBurst); }
    const now = burstNow;
    c.messages++;
    c.bytes += bytes;
    let f: VenueFrame<E>;
    try { f = module.decode(text, now); } catch (err) { f = { type: 'invalid', reason: `decoder threw: ${String(err)}` }; }
    switch (f.type) {
      case 'book': {
        const ev = f.event;
        const v = tracker.check(ev);
        if (v === DELIVER) {
          if (ev.kind === 'snapshot') subs.onSnapshot(ev.market, now);
          ctx.deliver(ev);
          return;
        }
        if (v === GAP || v === CHECKSUM || v === BACKWARD) {
          if (v === GAP) c.gaps++; else if (v === CHECKSUM) c.checksumErrors++; else c.backward++;
          limited('warn', `fault-${v}`, { market: ev.market, prevSeq: ev.prevSeq, seq: ev.seq, verdict: FAULT_NAMES[v] },
            `${module.venue}: ${FAULT_TEXTS[v]}, resyncing market`);
          subs.resyncAfterFault(ev.market, now);
        }
        return;
      }
      case 'ping': pacer.note(now, 1); link.send(f.reply); return;
      case 'pong': case 'connected': return;
      case 'ack': subs.onAck(f.markets, now); return;
      case 'error':
        c.venueErrors++;
        ctx.errors.add(f.code, f.message, f.market);
        limited('warn', `venue-error-${f.code.slice(0, 16)}`, { code: f.code, market: f.market, message: f.message.slice(0, 200) }, `${module.venue}: venue sent an error`);
        subs.onVenueError(f.code, f.message, f.market, now);
        return;
      case 'unknown':
        c.unknownTypes++;
        if (!loggedTypes.has(f.name) && loggedTypes.size < MAX_LOGGED_TYPE_NAMES) {
          loggedTypes.add(f.name);
          ctx.log.info({ type: f.name.slice(0, 64) }, `${module.venue}: unknown frame type, skipped`);
        }
        return;
      case 'invalid':
        c.parseErrors++;
        limited('warn', 'parse', { reason: f.reason, frame: text.slice(0, 120) }, `${module.venue}: unparseable frame skipped`);
        return;
    }
  };
}
