// An independent reader of the venue: subscribes to every market and keeps every frame, so a
// test can rebuild any market's book as of any nonce (with a plain Map model, not our OrderBook).
import WebSocket from 'ws';

interface Levels { price: string; size: string }
interface Frame { nonce: number; snapshot: boolean; bids: Levels[]; asks: Levels[] }

export class VenueRecorder {
  private readonly frames = new Map<number, Frame[]>();
  private ws: WebSocket | null = null;

  async start(wsUrl: string, marketIds: number[]): Promise<void> {
    const ws = new WebSocket(wsUrl);
    this.ws = ws;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; channel?: string; order_book?: Frame & { bids: Levels[]; asks: Levels[] } };
      if (msg.type !== 'subscribed/order_book' && msg.type !== 'update/order_book') return;
      const market = Number(msg.channel!.split(':')[1]);
      const list = this.frames.get(market) ?? [];
      this.frames.set(market, list);
      const ob = msg.order_book!;
      list.push({ nonce: ob.nonce, snapshot: msg.type === 'subscribed/order_book', bids: ob.bids, asks: ob.asks });
    });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    for (const id of marketIds) ws.send(`{"type":"subscribe","channel":"order_book/${id}"}`);
  }

  /** Latest nonce seen for a market (-1 if none). */
  nonce(market: number): number {
    const list = this.frames.get(market);
    return list?.length ? list[list.length - 1]!.nonce : -1;
  }

  /** The book as of `nonce`, cut at depth; undefined if that nonce was never seen. */
  bookAt(market: number, nonce: number, depth: number): { bids: [string, string][]; asks: [string, string][] } | undefined {
    const list = this.frames.get(market) ?? [];
    const bids = new Map<string, string>();
    const asks = new Map<string, string>();
    let found = false;
    for (const f of list) {
      if (f.snapshot) { bids.clear(); asks.clear(); }
      for (const l of f.bids) if (Number(l.size) === 0) bids.delete(l.price); else bids.set(l.price, l.size);
      for (const l of f.asks) if (Number(l.size) === 0) asks.delete(l.price); else asks.set(l.price, l.size);
      if (f.nonce === nonce) { found = true; break; }
    }
    if (!found) return undefined;
    const sorted = (m: Map<string, string>, dir: number) =>
      [...m].sort((a, b) => dir * (Number(a[0]) - Number(b[0]))).slice(0, depth) as [string, string][];
    return { bids: sorted(bids, -1), asks: sorted(asks, 1) };
  }

  close(): void { this.ws?.terminate(); }
}
