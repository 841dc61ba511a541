// Frames a broken venue or proxy might send on a USD-M socket. None is a valid depthUpdate, so
// an adapter that applies one has a parser bug. Book-shaped ones carry plausible ids (pu = the
// market's last u), so a lenient parser would take them as continuous and corrupt its book.

export function binanceGarbage(count: number, symbol: string, lastU: number): string[] {
  const d = (over: string) => `{"e":"depthUpdate","E":1,"T":1,"s":"${symbol}","U":${lastU + 1},"u":${lastU + 1},"pu":${lastU},"b":[],"a":[],${over}}`;
  const variants = [
    '{"e":"depthUpdate","E":', 'hello from a broken proxy', '', '[1,2',
    d('"U":"x"'), d('"b":[[1.5,"2"]]'), d('"a":{"1":"2"}'), d('"pu":null'), d('"b":[["-1","1"]]'), d('"s":7'),
    `{"e":"aggTrade","E":1,"s":"${symbol}","a":1,"p":"1","q":"1","f":1,"l":1,"T":1,"m":true}`,
    `{"e":"markPriceUpdate","E":1,"s":"${symbol}","p":"1","i":"1","P":"1","r":"0","T":1}`,
  ];
  // Duplicate keys: the last wins in JSON.parse, so these are the variants' overrides.
  return Array.from({ length: count }, (_, i) => variants[i % variants.length]!);
}
