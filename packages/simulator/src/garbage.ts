// Frames a broken venue (or a broken proxy) might send. None of them is a valid book frame, so
// a client that applies any of them has a parser bug; tests comparing books will show it.

export type GarbageKind = 'not-json' | 'wrong-types' | 'unknown-type' | 'huge' | 'mixed';
export const GARBAGE_KINDS: readonly GarbageKind[] = ['not-json', 'wrong-types', 'unknown-type', 'huge', 'mixed'];

/** Above the Lighter adapter's 4 MiB frame limit, so it must refuse the frame (ws closes with 1009). */
export const HUGE_GARBAGE_BYTES = 5 * 1024 * 1024;

const notJson = (m: number, n: number): string[] => [
  `{"channel":"order_book:${m}","type":"update/order_book","order_book":{"asks":[{"price":"1`,
  'hello from a broken proxy',
  '',
  `[1,2,${n}`,
  '{"type":"ping"',
];

/** JSON shaped like a book frame with wrong field types. begin_nonce = nonce = the current nonce, so
 * a lenient parser would accept it as continuous and corrupt its book silently: a book test catches it. */
const wrongTypes = (m: number, n: number): string[] => [
  `{"channel":"order_book:${m}","type":"update/order_book","order_book":{"asks":[{"price":"1","size":"1"}],"bids":[],"nonce":"${n}","begin_nonce":${n}}}`,
  `{"channel":"order_book:${m}","type":"update/order_book","order_book":{"asks":[{"price":1.5,"size":"2"}],"bids":[],"nonce":${n},"begin_nonce":${n}}}`,
  `{"channel":"order_book:${m}","type":"update/order_book","order_book":{"asks":[],"bids":[{"price":"1","size":null}],"nonce":${n},"begin_nonce":${n}}}`,
  `{"channel":"order_book:${m}","type":"update/order_book","order_book":{"asks":{"price":"1","size":"1"},"bids":[],"nonce":${n},"begin_nonce":${n}}}`,
  `{"channel":"order_book:${m}","type":"update/order_book","order_book":"oops"}`,
  `{"channel":"order_book:${m}","type":"update/order_book","order_book":{"asks":[{"price":"-1","size":"1"}],"bids":[],"nonce":${n},"begin_nonce":${n}}}`,
  `{"channel":${m},"type":"update/order_book","order_book":{"asks":[],"bids":[],"nonce":${n},"begin_nonce":${n}}}`,
  '{"type":42}',
];

const unknownType = (m: number): string[] => [
  '{"channel":"market_stats:all","type":"update/market_stats","market_stats":{"market_id":0,"index_price":"3000.00"}}',
  `{"channel":"trade:${m}","type":"update/trade","trades":[]}`,
  '{"type":"subscribed/height","height":123456}',
];

let huge: string | undefined;
/** Built once: an unknown-type frame padded past HUGE_GARBAGE_BYTES. */
function hugeFrame(): string {
  huge ??= `{"type":"update/huge","padding":"${'x'.repeat(HUGE_GARBAGE_BYTES)}"}`;
  return huge;
}

/**
 * `count` garbage frames of one kind (variants rotate). `market` and `nonce` make book-shaped
 * garbage look plausible. 'mixed' rotates not-json, wrong-types and unknown-type; it leaves out
 * 'huge', which costs the adapter a reconnect.
 */
export function garbageFrames(kind: GarbageKind, count: number, market: number, nonce: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let k = kind;
    if (k === 'mixed') k = (['not-json', 'wrong-types', 'unknown-type'] as const)[i % 3]!;
    switch (k) {
      case 'huge': out.push(hugeFrame()); break;
      case 'not-json': { const v = notJson(market, nonce); out.push(v[i % v.length]!); break; }
      case 'wrong-types': { const v = wrongTypes(market, nonce); out.push(v[i % v.length]!); break; }
      default: { const v = unknownType(market); out.push(v[i % v.length]!); break; }
    }
  }
  return out;
}
