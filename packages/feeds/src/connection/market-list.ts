// The venue's market list, fetched at start and on a schedule, and the selection applied to it:
// new markets are placed on a connection and queued, delisted or deselected ones unsubscribed and
// invalidated (their Redis keys expire by TTL). A failed refresh keeps the previous list.
import type { BookEvent, MarketInfo, MarketKind } from '@ob/core';
import type { Connections } from './connections';
import { newSlot, type FeedContext } from './context';
import { sameMarket, sameMarkets, selectMarkets } from './market-select';
import type { Subscriptions } from './subscriptions';

export interface FeedMarkets {
  /** Every market the venue lists (undefined until the first fetch answered). */
  known(): readonly MarketInfo[] | undefined;
  /** The markets streamed: selected and placed on a connection. */
  selected(): MarketInfo[];
  /** Selected but past the venue's connection cap. */
  unplaced(): number;
  lastRefreshAt(): number;
  setSelection(symbols: readonly string[]): void;
  setKinds(kinds: readonly MarketKind[]): void;
  /** Fetches the list now; true when it answered. */
  refresh(): Promise<boolean>;
  /** The refresh running now, if any. */
  running(): Promise<boolean> | undefined;
}

export function createMarketList<E extends BookEvent>(ctx: FeedContext<E>, subs: Subscriptions, conns: Connections, started: () => void): FeedMarkets {
  const { module, pool, settings, clock, limited, c, opts } = ctx;
  const fetchFn = opts.fetch ?? globalThis.fetch;
  let known: MarketInfo[] | undefined;
  let selection: readonly string[] = opts.symbols ?? [];
  let kinds: readonly MarketKind[] = opts.kinds && opts.kinds.length > 0 ? [...opts.kinds] : ['perp'];
  let selected: MarketInfo[] = [];
  let unplaced = 0;
  let lastRefreshAt = 0;
  let refreshing: Promise<boolean> | undefined;

  const announce = () => { if (!ctx.stopped && ctx.listener) ctx.guard('markets', () => ctx.listener!.markets(selected)); };

  /** Applies the selection to the known list; true when what is streamed changed. */
  function choose(now: number): boolean {
    const { selected: chosen, missing } = selectMarkets(known ?? [], selection, kinds);
    if (missing.length > 0) limited('warn', 'missing-symbols', { missing: missing.slice(0, 20) }, `${module.venue}: symbols not among listed markets`);
    // Markets another process streams (opts.accept) are left alone: not subscribed, not written.
    const next = opts.accept ? chosen.filter((m) => opts.accept!(m.symbol)) : chosen;
    const keep = new Map(next.map((m) => [m.id, m]));
    let changed = false;
    for (const [id, slot] of ctx.slots) {
      const m = keep.get(id);
      if (m && sameMarket(m, slot.info)) continue;
      if (m) { slot.info = m; changed = true; continue; } // decimals changed: same subscription
      // Delisted or deselected: unsubscribe; its key is left to expire (TTL).
      changed = true;
      ctx.slots.delete(id);
      subs.drop(slot);
      const link = pool.release(id);
      if (link?.isOpen() && slot.state !== 'pending') subs.unsubscribe(slot.info, link);
      if (slot.state !== 'pending') ctx.invalidate(id, 'resubscribe');
    }
    unplaced = 0;
    for (const m of next) {
      if (ctx.slots.has(m.id)) continue;
      changed = true;
      const link = pool.assign(m.id);
      if (!link) { unplaced++; continue; }
      const slot = newSlot(m);
      ctx.slots.set(m.id, slot);
      if (link.isOpen()) subs.enqueue(slot, link);
    }
    if (unplaced > 0) limited('warn', 'unplaced', { unplaced, maxConnections: settings.maxLinks }, `${module.venue}: more markets than the venue's connection cap allows; some are not streamed`);
    const placed = next.filter((m) => ctx.slots.has(m.id));
    if (!sameMarkets(placed, selected)) changed = true;
    selected = placed;
    conns.reserveForPings();
    for (const l of pool.links) if (l.state() === 'idle') l.tick(now); // dial new connections now, not at the next tick
    if (changed) subs.pump(now);
    conns.updateStatus();
    return changed;
  }

  const reselect = () => { if (!ctx.stopped && known !== undefined && choose(clock.now())) announce(); };

  async function refresh(): Promise<boolean> {
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const list = await module.fetchMarkets({ restUrl: settings.restUrl, fetch: fetchFn, signal: ctx.signal, timeoutMs: settings.restTimeoutMs });
        if (ctx.stopped) return false;
        c.refreshes++;
        lastRefreshAt = clock.now();
        if (list.skipped.length > 0) limited('warn', 'rest-skipped', { skipped: list.skipped.slice(0, 20) }, `${module.venue}: market list entries skipped`);
        const first = known === undefined;
        known = list.markets;
        if (choose(clock.now()) || first) announce();
        if (selected.length === 0) started(); // nothing to connect: start() must not hang
        return true;
      } catch (err) {
        if (ctx.stopped) return false;
        c.refreshFailures++;
        limited('warn', 'rest', { err: err instanceof Error ? err.message : String(err), url: settings.restUrl },
          known ? `${module.venue}: market list refresh failed, keeping the previous list` : `${module.venue}: market list failed, retrying`);
        return false;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  return {
    known: () => known,
    selected: () => selected,
    unplaced: () => unplaced,
    lastRefreshAt: () => lastRefreshAt,
    setSelection(symbols) { selection = [...symbols]; reselect(); },
    setKinds(next) { kinds = next.length > 0 ? [...next] : ['perp']; reselect(); },
    refresh,
    running: () => refreshing,
  };
}
