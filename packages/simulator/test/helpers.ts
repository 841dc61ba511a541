// Test-side tools: a real ws client that records frames, and a tiny independent book model
// (price string → size string per side) to rebuild books from the frames the simulator sends.
import WebSocket from 'ws';
import { waitFor } from '@ob/testkit';

export type Level = { price: string; size: string };
export type BookMsg = {
  channel: string; type: string; timestamp: number;
  order_book: { code?: number; asks: Level[]; bids: Level[]; nonce: number; begin_nonce: number; offset: number };
};

export interface TestClient {
  ws: WebSocket;
  /** Every text frame received, in order. */
  frames: string[];
  closed: boolean;
  send(obj: unknown): void;
  subscribe(...markets: number[]): void;
  /** Waits until a frame after index `from` satisfies `pred`; returns its index. */
  waitFrame(pred: (text: string) => boolean, from?: number, message?: string): Promise<number>;
  close(): Promise<void>;
}

export async function connect(url: string): Promise<TestClient> {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  const c: TestClient = {
    ws, frames, closed: false,
    send: (obj) => ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)),
    subscribe: (...ms) => { for (const m of ms) c.send({ type: 'subscribe', channel: `order_book/${m}` }); },
    waitFrame: (pred, from = 0, message = 'frame') => waitFor(() => {
      for (let i = from; i < frames.length; i++) if (pred(frames[i]!)) return i + 1;
      return 0;
    }, { message }).then((i) => i - 1),
    close: async () => {
      if (c.closed) return;
      const done = new Promise((r) => ws.once('close', r));
      ws.terminate();
      await done;
    },
  };
  ws.on('message', (d) => frames.push(d.toString()));
  ws.on('close', () => { c.closed = true; });
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return c;
}

export function parse(text: string): Record<string, unknown> | undefined {
  try { return JSON.parse(text) as Record<string, unknown>; } catch { return undefined; }
}

/** Book frames (snapshot or update) of one market, parsed, in arrival order. */
export function bookFrames(frames: readonly string[], market: number): BookMsg[] {
  const out: BookMsg[] = [];
  for (const f of frames) {
    const m = parse(f);
    if (m && m.channel === `order_book:${market}` && (m.type === 'subscribed/order_book' || m.type === 'update/order_book')
      && isValidBook(m)) out.push(m as unknown as BookMsg);
  }
  return out;
}

const DEC = /^\d+(\.\d+)?$/;
/** Strict: what a valid Lighter book frame looks like. */
export function isValidBook(m: Record<string, unknown>): boolean {
  const ob = m.order_book as Record<string, unknown> | undefined;
  if (typeof m.channel !== 'string' || typeof ob !== 'object' || ob === null || Array.isArray(ob)) return false;
  if (!Number.isSafeInteger(ob.nonce) || !Number.isSafeInteger(ob.begin_nonce) || (ob.begin_nonce as number) < 0) return false;
  for (const side of [ob.asks, ob.bids]) {
    if (!Array.isArray(side)) return false;
    for (const l of side as Level[]) {
      if (typeof l !== 'object' || l === null || typeof l.price !== 'string' || typeof l.size !== 'string') return false;
      if (!DEC.test(l.price) || !(Number(l.price) > 0) || !DEC.test(l.size)) return false;
    }
  }
  return true;
}

/** The tiny model: snapshot replaces, update sets or deletes (any zero). */
export class MiniBook {
  bids = new Map<string, string>();
  asks = new Map<string, string>();
  nonce = -1;
  gaps = 0;

  apply(msg: BookMsg): void {
    const ob = msg.order_book;
    if (msg.type === 'subscribed/order_book') { this.bids.clear(); this.asks.clear(); }
    else if (ob.begin_nonce !== this.nonce) this.gaps++;
    for (const [side, levels] of [[this.bids, ob.bids], [this.asks, ob.asks]] as const) {
      for (const l of levels) {
        if (Number(l.size) === 0) side.delete(l.price);
        else side.set(l.price, l.size);
      }
    }
    this.nonce = ob.nonce;
  }

  levels(side: 'bids' | 'asks'): [string, string][] {
    const dir = side === 'bids' ? -1 : 1;
    return [...this[side]].sort((a, b) => dir * (Number(a[0]) - Number(b[0])));
  }

  crossed(): boolean {
    const b = this.levels('bids')[0];
    const a = this.levels('asks')[0];
    return b !== undefined && a !== undefined && Number(b[0]) >= Number(a[0]);
  }
}
