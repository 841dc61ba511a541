// Each market's subscription, from queued to live: the subscribe queue (sent through the pacer,
// several markets a message where the venue allows), answers (a snapshot, an ack, a venue error),
// snapshot timeouts, and the resync of one market alone after a fault, backing off when it
// repeats. For a venue synced from REST the resync is a new REST snapshot of the market, its
// subscription kept; otherwise it is unsubscribe + subscribe.
import type { BookEvent, MarketInfo } from '@ob/core';
import type { FeedContext, Slot } from './context';
import type { Link } from './link';
import { createRestSnapshots, type RestSnapshots } from './rest-snapshots';
import { resyncDelay } from './resync-backoff';
import { THROTTLE_HOLD_MS } from './settings';
import type { SyncResult } from './types';

interface Job { op: 'sub' | 'unsub'; market: number; link: Link; info: MarketInfo }

export interface Subscriptions {
  /** Queues the market's subscribe on its link (it goes out at the next pump). */
  enqueue(slot: Slot, link: Link): void;
  /** Queues an unsubscribe of a market that is no longer selected. */
  unsubscribe(info: MarketInfo, link: Link): void;
  /** Sends what the budgets allow now. */
  pump(now: number): void;
  queued(): number;
  /** A snapshot was delivered: the market is live. */
  onSnapshot(id: number, now: number): void;
  /** A continuity fault: invalidate that market alone and resync it. */
  resyncAfterFault(id: number, now: number): void;
  onAck(markets: readonly number[], now: number): void;
  onVenueError(code: string, message: string, market: number | undefined, now: number): void;
  /** Its link closed: back to pending, its in-flight slot given back. */
  onLinkClosed(slot: Slot): void;
  /** The market left the selection. */
  drop(slot: Slot): void;
  /** Snapshot timeouts and backoffs that ended; returns how many markets are stuck. */
  tick(now: number): number;
  readonly rest: RestSnapshots | undefined;
}

export function createSubscriptions<E extends BookEvent>(ctx: FeedContext<E>): Subscriptions {
  const { module, pacer, tracker, pool, c, settings, opts, limited } = ctx;
  const answered = module.snapshotAnswersSubscribe;
  const inFlightCost = answered === undefined ? 0 : 1;
  const rest = module.createRestSync
    ? createRestSnapshots(ctx, module.createRestSync({ restUrl: settings.restUrl, fetch: opts.fetch ?? globalThis.fetch, clock: ctx.clock, timeoutMs: settings.restTimeoutMs }))
    : undefined;
  const queue: Job[] = [];

  const enqueue = (slot: Slot, link: Link) => {
    if (slot.state === 'queued') return;
    slot.state = 'queued';
    queue.push({ op: 'sub', market: slot.info.id, link, info: slot.info });
  };

  const releaseFlight = (slot: Slot) => { if (slot.inFlight) { slot.inFlight = false; pacer.release(); } };

  /** Back to the queue after `delay` (0: now), as a resync (unsubscribe first). */
  const retry = (slot: Slot, now: number, delay: number) => {
    releaseFlight(slot);
    slot.resub = true;
    slot.refetch = false;
    tracker.await(slot.info.id, now); // drop its deltas until the new snapshot
    if (delay <= 0) { const link = pool.linkOf(slot.info.id); if (link?.isOpen()) enqueue(slot, link); else slot.state = 'pending'; return; }
    slot.state = 'backoff';
    slot.retryAt = now + delay;
  };

  // --- REST snapshots (venues synced from REST) ---
  const fetchSnapshot = (slot: Slot, now: number) => {
    slot.state = 'awaiting';
    slot.since = now;
    slot.refetch = false;
    rest!.request(slot.info, (r) => onRestAnswer(slot.info.id, r));
  };

  /** A new REST snapshot after `delay` (0: now); the subscription and the tracker's buffer are kept. */
  const refetch = (slot: Slot, now: number, delay: number) => {
    if (delay <= 0) { fetchSnapshot(slot, now); return; }
    slot.state = 'backoff';
    slot.retryAt = now + delay;
    slot.refetch = true;
  };

  function onRestAnswer(id: number, r: SyncResult<E> | Error): void {
    const slot = ctx.slots.get(id);
    if (!slot) return;
    const now = ctx.clock.now();
    if (r instanceof Error) {
      c.snapshotFailures++;
      limited('warn', 'rest-snapshot', { market: slot.info.symbol, err: r.message.slice(0, 200) }, `${module.venue}: REST snapshot failed, retrying later`);
      if (slot.state !== 'awaiting') return;
      slot.attempts++;
      refetch(slot, now, resyncDelay(slot.attempts, opts.resyncBackoff));
      return;
    }
    if (r.verdict === 'synced') {
      onSnapshot(id, now);
      for (const ev of r.deliver) ctx.deliver(ev);
      return;
    }
    if (r.verdict === 'ignored') return;
    if (r.verdict === 'gap') c.gaps++; // the buffered events break their chain after the snapshot
    // Stale or gapped: fetched again at once; the REST budget, not a backoff, paces these.
    if (slot.state === 'awaiting') fetchSnapshot(slot, now);
  }

  const pump = (now: number) => {
    while (queue.length > 0) {
      const job = queue[0]!;
      if (job.op === 'unsub') {
        if (!job.link.isOpen()) { queue.shift(); continue; }
        const texts = module.unsubscribe([job.info]);
        if (job.link.room(now) < texts.length || !pacer.take(now, texts.length, 0)) return;
        queue.shift();
        for (const t of texts) job.link.send(t);
        c.unsubscribes += texts.length;
        continue;
      }
      const slot = ctx.slots.get(job.market);
      if (!slot || slot.state !== 'queued' || pool.linkOf(job.market) !== job.link) { queue.shift(); continue; }
      if (!job.link.isOpen()) { queue.shift(); slot.state = 'pending'; continue; }
      // Subscribes of one link in a row go out together, as many per message as the venue allows.
      const batch: Slot[] = [slot];
      if (!slot.resub) {
        for (let i = 1; i < queue.length && batch.length < settings.limits.marketsPerMessage; i++) {
          const j = queue[i]!;
          const s = j.op === 'sub' ? ctx.slots.get(j.market) : undefined;
          if (!s || j.link !== job.link || s.state !== 'queued' || s.resub) break;
          batch.push(s);
        }
      }
      const infos = batch.map((s) => s.info);
      const unsub = slot.resub ? module.unsubscribe(infos) : [];
      const sub = module.subscribe(infos);
      const n = unsub.length + sub.length;
      if (job.link.room(now) < n || !pacer.take(now, n, inFlightCost * (answered ? batch.length : sub.length))) return;
      queue.splice(0, batch.length);
      for (const t of unsub) job.link.send(t);
      for (const t of sub) job.link.send(t);
      c.unsubscribes += unsub.length;
      c.subscribes += sub.length;
      batch.forEach((s, i) => {
        if (s.resub) c.resyncs++;
        s.resub = false;
        s.refetch = false;
        s.state = 'awaiting';
        s.since = now;
        // Answered per market (a snapshot each) or per message (one ack each): as many slots
        // hold an in-flight unit as were taken, so the answers give back what was taken.
        s.inFlight = inFlightCost > 0 && (answered === true || i < sub.length);
        s.stuckSince ||= now;
        tracker.await(s.info.id, now);
      });
    }
  };

  function onSnapshot(id: number, now: number): void {
    const slot = ctx.slots.get(id);
    if (!slot) return;
    if (answered) releaseFlight(slot);
    if (slot.state !== 'live') { slot.state = 'live'; slot.liveSince = now; }
    slot.stuckSince = 0;
  }

  return {
    enqueue,
    unsubscribe(info, link) { queue.push({ op: 'unsub', market: info.id, link, info }); },
    pump,
    queued: () => queue.length,
    onSnapshot,
    rest,

    resyncAfterFault(id, now) {
      const slot = ctx.slots.get(id);
      if (!slot || (slot.state !== 'live' && slot.state !== 'awaiting')) return;
      ctx.invalidate(id, 'gap');
      // A fault soon after a snapshot counts as a failed resync; a long-live market starts over.
      if (slot.state === 'live' && now - slot.liveSince > settings.snapshotMs) slot.attempts = 0;
      slot.attempts++;
      slot.stuckSince ||= now;
      const delay = slot.attempts <= 1 ? 0 : resyncDelay(slot.attempts - 1, opts.resyncBackoff);
      if (!rest) { retry(slot, now, delay); return; }
      // The tracker holds the event that showed the gap and buffers on: a new snapshot is enough.
      releaseFlight(slot);
      c.resyncs++;
      refetch(slot, now, delay);
    },

    onAck(markets, now) {
      if (answered === false) {
        if (markets.length > 0) { for (const id of markets) { const s = ctx.slots.get(id); if (s) releaseFlight(s); } }
        else for (const s of ctx.slots.values()) if (s.inFlight) { releaseFlight(s); break; } // the oldest-inserted one
      }
      // Subscribed: the stream is being buffered, so its REST snapshot can be taken now.
      if (rest) for (const id of markets) { const s = ctx.slots.get(id); if (s?.state === 'awaiting' && !rest.pending(id)) fetchSnapshot(s, now); }
    },

    onVenueError(code, message, market, now) {
      const slot = market !== undefined ? ctx.slots.get(market) : undefined;
      if (!slot || slot.state !== 'awaiting') {
        // Not about one of our pending subscribes: a throttle says slow down.
        if (/limit|too many|rate/i.test(message)) pacer.holdUntil(now + THROTTLE_HOLD_MS);
        return;
      }
      // A subscribe refused (already subscribed, throttled, ...): try again as a resync, backing off.
      slot.attempts++;
      retry(slot, now, resyncDelay(slot.attempts, { ...opts.resyncBackoff, baseMs: Math.min(opts.resyncBackoff?.baseMs ?? THROTTLE_HOLD_MS, THROTTLE_HOLD_MS) }));
    },

    onLinkClosed(slot) {
      releaseFlight(slot);
      slot.state = 'pending';
      slot.resub = false;
      slot.refetch = false;
    },

    drop(slot) {
      releaseFlight(slot);
      tracker.idle(slot.info.id);
    },

    tick(now) {
      let stuck = 0;
      for (const slot of ctx.slots.values()) {
        // A snapshot waiting for the REST budget is not late: the budget paces it on purpose.
        if (slot.state === 'awaiting' && now - slot.since > settings.snapshotMs && !rest?.pending(slot.info.id)) {
          c.snapshotTimeouts++;
          slot.attempts++;
          limited('warn', 'snapshot-timeout', { market: slot.info.id, attempts: slot.attempts }, `${module.venue}: no snapshot after subscribe, backing off`);
          retry(slot, now, resyncDelay(slot.attempts, opts.resyncBackoff));
        } else if (slot.state === 'backoff' && now >= slot.retryAt) {
          const link = pool.linkOf(slot.info.id);
          if (!link?.isOpen()) slot.state = 'pending';
          else if (slot.refetch) fetchSnapshot(slot, now);
          else enqueue(slot, link);
        }
        if (slot.stuckSince !== 0 && now - slot.stuckSince > settings.snapshotMs) stuck++;
      }
      return stuck;
    },
  };
}
