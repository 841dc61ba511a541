// Malformed and hostile frames, seeded so a failure can be replayed. Every frame here is one the
// adapter must refuse (parse error) or skip (unknown type) without touching a book.
import { bookFrame } from './scripted-venue';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const KINDS = [
  'truncated', 'random-bytes', 'not-object', 'price-number', 'size-nan', 'size-negative', 'price-infinity',
  'nonce-string', 'levels-not-array', 'level-missing-size', 'bad-channel', 'unknown-type', 'huge-levels', 'deep-nesting', 'empty',
] as const;
export type FuzzKind = (typeof KINDS)[number];

/** One bad frame for market `market` whose real next nonce is `nonce` (so only the corruption makes it bad). */
export function fuzzFrame(kind: FuzzKind, market: number, nonce: number, rand: () => number): string {
  const valid = bookFrame('update/order_book', market, nonce + 1, nonce, [['100.5', '1.0']], [['101.5', '2.0']]);
  switch (kind) {
    case 'truncated': return valid.slice(0, 1 + Math.floor(rand() * (valid.length - 2)));
    case 'random-bytes': return Array.from({ length: 1 + Math.floor(rand() * 200) }, () => String.fromCharCode(Math.floor(rand() * 0xffff))).join('');
    case 'not-object': return ['[]', '42', '"x"', 'null', 'true', '[{"type":"ping"}]'][Math.floor(rand() * 6)]!;
    case 'price-number': return valid.replace('"price":"100.5"', '"price":100.5');
    case 'size-nan': return valid.replace('"size":"1.0"', '"size":"NaN"');
    case 'size-negative': return valid.replace('"size":"1.0"', '"size":"-1.0"');
    case 'price-infinity': return valid.replace('"price":"101.5"', '"price":"Infinity"');
    case 'nonce-string': return valid.replace(`"nonce":${nonce + 1}`, `"nonce":"${nonce + 1}"`);
    case 'levels-not-array': return valid.replace(/"bids":\[[^\]]*\]/, '"bids":{"price":"1","size":"1"}');
    case 'level-missing-size': return valid.replace('{"price":"100.5","size":"1.0"}', '{"price":"100.5"}');
    case 'bad-channel': return valid.replace(`"order_book:${market}"`, ['"order_book:"', '"order_book:-1"', '"order_book:x"', '"order_book"'][Math.floor(rand() * 4)]!);
    case 'unknown-type': return `{"channel":"trade:${market}","type":"update/trade_${Math.floor(rand() * 5)}","trades":[]}`;
    case 'huge-levels': return valid.replace('"bids":[', `"bids":[${'{"price":"1","size":"1"},'.repeat(20_000)}`);
    case 'deep-nesting': return `{"type":"update/order_book","channel":"order_book:${market}","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    case 'empty': return '';
  }
}

export function* fuzzCorpus(count: number, market: number, nonce: number, seed = 1): Generator<{ kind: FuzzKind; frame: string }> {
  const rand = rng(seed);
  for (let i = 0; i < count; i++) {
    const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
    yield { kind, frame: fuzzFrame(kind, market, nonce, rand) };
  }
}
