// Dev only: a stand-in backend speaking the @ob/protocol shapes, for working on the UI without
// the engine. Serves apps/web/dist too. Run: node --import tsx apps/web/dev/mock-server.ts [port]
// (env ADMIN_TOKEN=x to require a token, READ_ONLY=1 for 403s). The e2e never uses it.
import { createServer, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fieldErrors, LiveSettingsPatch, type BookSnapshot, type ConfigResponse, type LiveSettings,
  type MarketStats, type StatsSample, type StatsSnapshot,
} from '@ob/protocol';
import { WebSocketServer, type WebSocket } from 'ws';

const PORT = Number(process.argv[2] ?? 9410);
const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'DOGE', 'XRP', 'HYPE', 'FARTCOIN', 'SUI', 'LINK', 'AVAX', 'TRUMP', 'ADA'];
const started = Date.now();
let settings: LiveSettings = {
  batchIntervalMs: 100, maxBatchSize: 50, depth: 50, depthOverrides: {}, minChangeBps: 0, maxStalenessMs: 1000,
  ttlSeconds: 60, markets: [], compression: 'none', stream: 'off', streamMaxLen: 1000,
};
let lastChange: ConfigResponse['lastChange'] = null;
const config = (): ConfigResponse => ({
  settings, lastChange, access: { readOnly: !!process.env.READ_ONLY, tokenRequired: !!process.env.ADMIN_TOKEN },
});

const books = new Map<string, BookSnapshot>();
const market = new Map<string, MarketStats>();
SYMBOLS.forEach((symbol, i) => {
  const mid = 10 ** (4 - (i % 5)) * (1 + i / 10);
  books.set(symbol, makeBook(symbol, i, mid, 0));
  market.set(symbol, { venue: 'mock', market: i, symbol, instrument: `${symbol}-USD-PERP`, valid: true, messages: 0, writes: 0, msgRate: 0, writeRate: 0, lastUpdateTs: 0, lastWriteTs: 0,
    seq: 0, bestBid: null, bestAsk: null, bidLevels: 50, askLevels: 50, gaps: 0, depth: 50,
    crossed: false, crossedWrites: 0, noBookSince: 0, everValid: true, confirmedTs: 0 });
});
const redisCopy = new Map<string, BookSnapshot>();

function makeBook(symbol: string, id: number, mid: number, seq: number): BookSnapshot {
  const tick = mid / 10_000;
  const level = (k: number, dir: number): [string, string] => [(mid + dir * tick * (k + 1)).toFixed(4), (Math.random() * 10 + 0.1).toFixed(3)];
  return { venue: 'mock', market: id, symbol, seq, exchangeTs: Date.now(), receivedTs: Date.now(), writtenTs: 0,
    bids: Array.from({ length: 50 }, (_, k) => level(k, -1)), asks: Array.from({ length: 50 }, (_, k) => level(k, 1)) };
}

const history: StatsSample[] = [];
let msgs = 0, writes = 0, pipes = 0;
const clients = new Map<WebSocket, Set<string>>();

setInterval(() => { // the "exchange": ~400 msgs/s
  for (let n = 0; n < 8; n++) {
    const symbol = SYMBOLS[Math.floor(Math.random() ** 2 * SYMBOLS.length)]!;
    const b = books.get(symbol)!;
    const mid = (Number(b.bids[0]![0]) + Number(b.asks[0]![0])) / 2 * (1 + (Math.random() - 0.5) / 2000);
    books.set(symbol, makeBook(symbol, b.market, mid, b.seq + 1));
    const m = market.get(symbol)!;
    m.messages++; m.seq = b.seq + 1; m.lastUpdateTs = Date.now(); msgs++;
  }
}, 20);

let pending = new Set<string>();
setInterval(() => { for (const s of SYMBOLS) if (books.get(s)!.seq !== redisCopy.get(s)?.seq) pending.add(s); }, 5);
const flush = () => {
  if (pending.size) {
    for (const s of pending) { redisCopy.set(s, { ...books.get(s)!, writtenTs: Date.now() }); market.get(s)!.writes++; writes++; market.get(s)!.lastWriteTs = Date.now(); }
    pipes++;
    for (const [ws, subs] of clients) for (const s of pending) if (subs.has(s)) ws.send(JSON.stringify({ type: 'book', book: books.get(s) }));
    pending = new Set();
  }
  setTimeout(flush, settings.batchIntervalMs);
};
flush();

function stats(seconds: number): StatsSnapshot {
  const current = history[history.length - 1] ?? sample(Date.now());
  return {
    now: Date.now(), startedAt: started,
    totals: { messages: 0, bytes: 0, snapshots: 0, pipelines: 0, skippedSelective: 0, gaps: 2, resyncs: 1, reconnects: 0, parseErrors: 0, unknownTypes: 0, oversizeFrames: 0, redisErrors: 0, streamEntries: 0, keyRefreshes: 0, keysRewritten: 0, redisResets: 0 },
    current, history: history.slice(-seconds),
    feed: { source: 'mock', venue: 'mock', url: 'ws://mock', status: 'connected', markets: SYMBOLS.length, validMarkets: SYMBOLS.length },
    redis: { status: 'writable', url: 'redis://mock' }, pendingMarkets: pending.size,
    readiness: { ready: true, reasons: [], booksInRedis: SYMBOLS.length, markets: SYMBOLS.length, needed: Math.ceil(SYMBOLS.length * 0.9) },
  };
}
function sample(t: number): StatsSample {
  const mem = process.memoryUsage();
  return { t, messages: msgs, bytes: msgs * 300, snapshots: writes, pipelines: pipes, compression: writes ? msgs / writes : 0,
    flushP50: 0.4 + Math.random() * 0.2, flushP99: 1 + Math.random(), stalenessP50: settings.batchIntervalMs / 2, stalenessP99: settings.batchIntervalMs * 1.1,
    cpu: 5 + Math.random() * 3, rss: mem.rss, heapUsed: mem.heapUsed, loopLagP99: 1 + Math.random() };
}
setInterval(() => {
  for (const m of market.values()) { m.msgRate = m.messages / ((Date.now() - started) / 1000); m.writeRate = m.writes / ((Date.now() - started) / 1000);
    const b = books.get(m.symbol)!; m.bestBid = b.bids[0]![0]; m.bestAsk = b.asks[0]![0]; }
  history.push(sample(Date.now())); if (history.length > 900) history.shift();
  msgs = writes = pipes = 0;
  const frame = JSON.stringify({ type: 'stats', stats: stats(5), markets: [...market.values()] });
  for (const ws of clients.keys()) ws.send(frame);
}, 1000);

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
const err = (code: string, statusCode: number, message: string, fields?: unknown) => ({ statusCode, code, message, ...(fields ? { fields } : {}) });

const mockStartedAt = Date.now();

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  let m: RegExpExecArray | null;
  if (p === '/api/stats') return json(res, 200, stats(Number(url.searchParams.get('seconds') ?? 900)));
  if (p === '/api/markets') return json(res, 200, { markets: [...market.values()] });
  if (p === '/api/streams') {
    const streams = SYMBOLS.map((symbol) => ({ symbol, key: `ob:stream:mock:${symbol}`, length: settings.stream === 'off' ? 0 : settings.streamMaxLen }));
    return json(res, 200, { mode: settings.stream, maxLen: settings.streamMaxLen, channel: 'ob:updates:mock', readers: 0, entries: 0, streams });
  }
  if (p === '/api/capture') {
    // A recording that grows, as RECORD=<dir> would show it.
    const up = Date.now() - mockStartedAt;
    const frames = Math.round(up * 0.8);
    const bytes = frames * 24;
    return json(res, 200, {
      recording: {
        dir: '/tmp/mock-capture', file: `/tmp/mock-capture/capture-${String(1 + Math.floor(bytes / (4 << 20))).padStart(6, '0')}.obcap.gz`,
        parts: 1 + Math.floor(bytes / (4 << 20)), rotations: Math.floor(bytes / (4 << 20)), bytes, rawBytes: frames * 160,
        frames, connections: 1, droppedFrames: 0, rotateBytes: 4 << 20, error: null, startedAt: mockStartedAt,
      },
      replay: null,
    });
  }
  if (p === '/api/config' && req.method === 'GET') return json(res, 200, config());
  if (p === '/api/config' && req.method === 'PATCH') {
    if (process.env.READ_ONLY) return json(res, 403, err('ERR_READ_ONLY', 403, 'This server is read-only.'));
    if (process.env.ADMIN_TOKEN && req.headers.authorization !== `Bearer ${process.env.ADMIN_TOKEN}`) return json(res, 401, err('ERR_UNAUTHORIZED', 401, 'Changes need a bearer token.'));
    let body = '';
    for await (const chunk of req) body += chunk;
    const patch: unknown = JSON.parse(body || '{}');
    const errors = fieldErrors(LiveSettingsPatch, patch);
    if (errors.length) return json(res, 400, err('ERR_CONFIG_RANGE', 400, `Invalid settings: ${errors.map((e) => e.message).join('; ')}.`, errors));
    settings = { ...settings, ...(patch as Partial<LiveSettings>) };
    lastChange = { at: Date.now(), by: `local user at ${req.socket.remoteAddress}`, changed: Object.keys(patch as object) };
    for (const ws of clients.keys()) ws.send(JSON.stringify({ type: 'config', config: config() }));
    return json(res, 200, config());
  }
  if ((m = /^\/api\/(?:venues\/mock\/)?markets\/([^/]+)\/book$/.exec(p))) {
    const b = books.get(decodeURIComponent(m[1]!));
    return b ? json(res, 200, b) : json(res, 404, err('ERR_NOT_FOUND', 404, 'Unknown market.'));
  }
  if ((m = /^\/api\/(?:venues\/mock\/)?markets\/([^/]+)\/redis$/.exec(p))) {
    const s = decodeURIComponent(m[1]!);
    return json(res, 200, { key: `ob:book:mock:${s}`, ttlSeconds: 59, compressed: false, snapshot: redisCopy.get(s) ?? null });
  }
  const file = join(DIST, p === '/' || !extname(p) ? 'index.html' : p);
  try {
    const data = await readFile(file);
    const type = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(data);
  } catch { json(res, 404, err('ERR_NOT_FOUND', 404, `No route ${p}`)); }
});

const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  const subs = new Set<string>();
  clients.set(ws, subs);
  ws.send(JSON.stringify({ type: 'hello', config: config(), markets: [...market.values()], statsHz: 1 }));
  ws.on('message', (data) => {
    const f = JSON.parse(String(data)) as { type: string; symbol?: string };
    if (f.type === 'subscribe' && f.symbol) { subs.add(f.symbol); ws.send(JSON.stringify({ type: 'book', book: books.get(f.symbol) })); }
    if (f.type === 'unsubscribe' && f.symbol) subs.delete(f.symbol);
  });
  ws.on('close', () => clients.delete(ws));
});
server.listen(PORT, '127.0.0.1', () => console.log(`mock backend on http://127.0.0.1:${PORT}/`));
