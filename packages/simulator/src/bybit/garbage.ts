// Frames a broken Bybit (or a proxy) might send. None is a valid book. Book-shaped ones carry
// u = the market's next u, so a lenient parser would take them as continuous deltas and corrupt
// its book silently: a book comparison catches it.

export type BybitGarbageKind = 'not-json' | 'wrong-types' | 'unknown-topic' | 'mixed';
export const BYBIT_GARBAGE_KINDS: readonly BybitGarbageKind[] = ['not-json', 'wrong-types', 'unknown-topic', 'mixed'];

const notJson = (topic: string) => [
  `{"topic":"${topic}","type":"delta","ts":1,"data":{"s":"X","b":[["1`,
  '<html><body>502 Bad Gateway</body></html>',
  '',
  '{"op":"subscribe"',
];

const wrongTypes = (topic: string, symbol: string, u: number) => [
  `{"topic":"${topic}","type":"delta","ts":1,"data":{"s":"${symbol}","b":[["1","1"]],"a":[],"u":"${u}","seq":1}}`,
  `{"topic":"${topic}","type":"delta","ts":1,"data":{"s":"${symbol}","b":[[1.5,"1"]],"a":[],"u":${u},"seq":1}}`,
  `{"topic":"${topic}","type":"delta","ts":1,"data":{"s":"${symbol}","b":[["1",null]],"a":[],"u":${u},"seq":1}}`,
  `{"topic":"${topic}","type":"delta","ts":1,"data":{"s":"${symbol}","b":[],"a":[["-1","2"]],"u":${u},"seq":1}}`,
  `{"topic":"${topic}","type":"delta","ts":1,"data":{"s":"${symbol}","b":{"1":"1"},"a":[],"u":${u},"seq":1}}`,
  `{"topic":"${topic}","type":"update","ts":1,"data":{"s":"${symbol}","b":[],"a":[],"u":${u},"seq":1}}`,
  `{"topic":"${topic}","type":"delta","ts":1,"data":{"s":"OTHERUSDT","b":[],"a":[],"u":${u},"seq":1}}`,
  `{"topic":"${topic}","type":"delta","ts":1,"data":"oops"}`,
];

const unknownTopic = (symbol: string) => [
  `{"topic":"publicTrade.${symbol}","type":"snapshot","ts":1,"data":[]}`,
  `{"topic":"tickers.${symbol}","type":"delta","data":{"symbol":"${symbol}"},"cs":1,"ts":1}`,
  '{"success":true,"ret_msg":"","conn_id":"x","op":"auth"}',
];

/** `count` frames of one kind for a market the client follows, variants rotating. */
export function bybitGarbage(kind: BybitGarbageKind, count: number, symbol: string, nextU: number): string[] {
  const topic = `orderbook.50.${symbol}`;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = kind === 'mixed' ? (['not-json', 'wrong-types', 'unknown-topic'] as const)[i % 3]! : kind;
    const v = k === 'not-json' ? notJson(topic) : k === 'wrong-types' ? wrongTypes(topic, symbol, nextU) : unknownTopic(symbol);
    out.push(v[i % v.length]!);
  }
  return out;
}
