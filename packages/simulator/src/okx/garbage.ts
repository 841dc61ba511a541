// Frames a broken venue or proxy might send on an OKX socket. None is a valid `books` frame;
// book-shaped ones chain to the market's last seqId, so a lenient parser would take them as
// continuous and corrupt its book.

export function okxGarbage(count: number, instId: string, seqId: number): string[] {
  const b = (data: string, action = 'update') => `{"arg":{"channel":"books","instId":"${instId}"},"action":"${action}","data":[${data}]}`;
  const d = (over: string) => `{"asks":[],"bids":[],"ts":"1","checksum":0,"prevSeqId":${seqId},"seqId":${seqId + 1},${over}}`;
  const variants = [
    '{"arg":{"channel":"books"', 'PONG', '', 'hello from a broken proxy',
    b(d('"seqId":"x"')), b(d('"bids":[[1.5,"2","0","1"]]')), b(d('"asks":{"1":"2"}')), b(d('"prevSeqId":null')),
    b(d('"bids":[["-1","1","0","1"]]')), b(d('"ts":17')), b(`${d('"x":1')},${d('"x":2')}`), b(d('"x":1'), 'partial'),
    `{"arg":{"channel":"trades","instId":"${instId}"},"data":[{"instId":"${instId}","tradeId":"1","px":"1","sz":"1","side":"buy","ts":"1"}]}`,
    '{"event":"channel-conn-count","channel":"books","connCount":"1","connId":"x"}',
  ];
  return Array.from({ length: count }, (_, i) => variants[i % variants.length]!);
}
