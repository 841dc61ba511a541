// Frames a broken Hyperliquid (or a proxy) might send. None is a valid book: a client that
// applies one has a parser bug, which a book comparison shows. Book-shaped ones carry a time
// above the book's, so a lenient parser would take them as the newest book.

export type HlGarbageKind = 'not-json' | 'wrong-types' | 'unknown-channel' | 'mixed';
export const HL_GARBAGE_KINDS: readonly HlGarbageKind[] = ['not-json', 'wrong-types', 'unknown-channel', 'mixed'];

const notJson = (coin: string) => [
  `{"channel":"l2Book","data":{"coin":"${coin}","time":1,"levels":[[{"px":"1`,
  'upstream connect error or disconnect/reset before headers',
  '',
  '[1,2,',
];

const wrongTypes = (coin: string, t: number) => [
  `{"channel":"l2Book","data":{"coin":"${coin}","time":"${t}","levels":[[],[]]}}`,
  `{"channel":"l2Book","data":{"coin":"${coin}","time":${t},"levels":[[{"px":1.5,"sz":"1","n":1}],[]]}}`,
  `{"channel":"l2Book","data":{"coin":"${coin}","time":${t},"levels":[[{"px":"1","sz":null,"n":1}],[]]}}`,
  `{"channel":"l2Book","data":{"coin":"${coin}","time":${t},"levels":[[{"px":"-1","sz":"1","n":1}],[]]}}`,
  `{"channel":"l2Book","data":{"coin":"${coin}","time":${t},"levels":[[]]}}`,
  `{"channel":"l2Book","data":{"coin":"${coin}","time":${t},"levels":{"bids":[],"asks":[]}}}`,
  `{"channel":"l2Book","data":"oops"}`,
  '{"channel":42}',
];

const unknownChannel = (coin: string) => [
  `{"channel":"trades","data":[{"coin":"${coin}","side":"B","px":"1","sz":"1","time":1}]}`,
  '{"channel":"allMids","data":{"mids":{}}}',
  `{"channel":"bbo","data":{"coin":"${coin}","time":1,"bbo":[null,null]}}`,
];

/** `count` frames of one kind for a coin the client follows, variants rotating. */
export function hlGarbage(kind: HlGarbageKind, count: number, coin: string, time: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = kind === 'mixed' ? (['not-json', 'wrong-types', 'unknown-channel'] as const)[i % 3]! : kind;
    const v = k === 'not-json' ? notJson(coin) : k === 'wrong-types' ? wrongTypes(coin, time) : unknownChannel(coin);
    out.push(v[i % v.length]!);
  }
  return out;
}
