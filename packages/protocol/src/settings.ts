// Settings are defined once, here. The engine validates live changes against LiveSettings,
// the server derives env vars, CLI flags and --help from both schemas, and the web app
// shows the same ranges next to its inputs.
import Type, { type Static } from 'typebox';

export const LiveSettings = Type.Object(
  {
    batchIntervalMs: Type.Integer({
      minimum: 1, maximum: 10_000, default: 100,
      description: 'A changed market is in Redis at most about this long after its first change (ms): flushes start early by what recent ones took.',
    }),
    maxBatchSize: Type.Integer({
      minimum: 1, maximum: 10_000, default: 50,
      description: 'Flush at once when this many markets are pending; larger sets split into several pipelines.',
    }),
    depth: Type.Integer({
      minimum: 1, maximum: 1_000, default: 50,
      description: 'Price levels per side written to Redis.',
    }),
    depthOverrides: Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 1_000 }), {
      default: {},
      description: 'Per-market depth, e.g. {"BTC":200,"FARTCOIN":10}.',
    }),
    minChangeBps: Type.Number({
      minimum: 0, maximum: 10_000, default: 0,
      description: 'Selective updates: skip a write unless best bid or ask moved at least this many basis points (0 = write every change).',
    }),
    maxStalenessMs: Type.Integer({
      minimum: 1, maximum: 3_600_000, default: 1_000,
      description: 'Never leave a changed book unwritten longer than this (ms); must be >= batchIntervalMs.',
    }),
    ttlSeconds: Type.Integer({
      minimum: 1, maximum: 86_400, default: 60,
      description: 'Expiry of each book key, so a dead streamer\'s books vanish instead of lying (s).',
    }),
    markets: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      maxItems: 10_000, default: [],
      description: 'Symbols to subscribe; empty = every active market.',
    }),
    compression: Type.Enum(['none', 'gzip'], {
      default: 'none',
      description: 'Value encoding: none (JSON) or gzip (key gets the suffix ":gz").',
    }),
    stream: Type.Enum(['off', 'snapshot', 'top'], {
      default: 'off',
      description: 'Change stream: each write also XADDs to {prefix}:stream:{venue}:{symbol} in the same pipeline. off; snapshot: the written book; top: best bid and ask, only when they changed.',
    }),
    // At least 100 (Redis's stream-node-max-entries default): a reader reads up to 100 entries
    // at a time and takes a full read as the sign that it may have been trimmed past.
    streamMaxLen: Type.Integer({
      minimum: 100, maximum: 1_000_000, default: 1_000,
      description: 'Entries kept per change stream (XADD MAXLEN ~: Redis trims whole nodes, so a stream may hold about 100 more).',
    }),
  },
  { additionalProperties: false },
);
export type LiveSettings = Static<typeof LiveSettings>;

/** A partial change as PATCH /api/config and streamer.configure() take it. */
export const LiveSettingsPatch = Type.Partial(LiveSettings, { additionalProperties: false });
export type LiveSettingsPatch = Static<typeof LiveSettingsPatch>;

/** Read once at start; changing them needs a restart. */
export const StartupSettings = Type.Object(
  {
    source: Type.Array(Type.String({ pattern: '^([a-z0-9-]{1,40}|replay:[^,]+)$' }), {
      minItems: 1, maxItems: 16,
      default: ['sim-lighter', 'sim-hyperliquid', 'sim-bybit', 'sim-binance-usdm', 'sim-okx'],
      description: 'Venues to stream, one engine each: a venue\'s name streams the venue itself, sim-<venue> an in-process simulator of it (simulator = sim-lighter); replay:<dir> plays a capture recorded with RECORD through the same adapter at REPLAY_SPEED. --help lists the venues.',
    }),
    venueUrls: Type.Record(Type.String({ pattern: '^[a-z0-9-]{1,40}$' }), Type.Object({
      ws: Type.Optional(Type.String({ minLength: 1 })),
      rest: Type.Optional(Type.String({ minLength: 1 })),
    }, { additionalProperties: false }), {
      default: {},
      description: 'Endpoints per venue, e.g. {"okx":{"ws":"wss://ws.okx.com:8443/ws/v5/public","rest":"https://www.okx.com"}}; a venue not named uses its documented ones (Lighter: lighterWsUrl, lighterRestUrl).',
    }),
    lighterWsUrl: Type.String({
      default: 'wss://mainnet.zklighter.elliot.ai/stream?readonly=true',
      description: 'Lighter WebSocket endpoint (ignored with source=simulator).',
    }),
    lighterRestUrl: Type.String({
      default: 'https://mainnet.zklighter.elliot.ai/api/v1/orderBookDetails',
      description: 'Lighter market list endpoint, orderBookDetails (recommended) or orderBooks (ignored with source=simulator).',
    }),
    marketKinds: Type.Enum(['perp', 'spot', 'both'], {
      default: 'perp',
      description: 'Which of the venue\'s markets to stream: perp, spot or both.',
    }),
    marketsPerConnection: Type.Integer({
      minimum: 1, maximum: 100, default: 50,
      description: 'Markets per venue connection (Lighter allows 100 subscriptions per connection); more markets open more connections.',
    }),
    marketsRefreshSeconds: Type.Integer({
      minimum: 10, maximum: 86_400, default: 300,
      description: 'Re-read the venue\'s market list this often (s): new listings are subscribed, delisted markets unsubscribed.',
    }),
    simRate: Type.Integer({
      minimum: 1, maximum: 1_000_000, default: 800,
      description: 'Simulators: messages per second across the markets of each simulated venue.',
    }),
    record: Type.String({
      default: '',
      description: 'Record every venue connection\'s raw frames, with receive times, into this directory (gzip parts, rotated at recordRotateMb; never overwrites a capture). Empty: off.',
    }),
    recordRotateMb: Type.Integer({
      minimum: 1, maximum: 65_536, default: 256,
      description: 'Recording: a capture part is closed and the next one begun at this compressed size (MB).',
    }),
    replaySpeed: Type.String({
      default: '1', pattern: '^(max|[0-9]+(\\.[0-9]+)?)$',
      description: 'With source=replay:<dir>: 1 = as recorded, 10 = ten times faster (above 0, at most 10000), max = as fast as the adapter takes it.',
    }),
    redisUrl: Type.String({
      default: '',
      description: 'Redis to write to, e.g. redis://127.0.0.1:6379/2. Empty: 127.0.0.1:6379 if it answers, else a private redis-server from PATH, else no sink.',
    }),
    redisCluster: Type.String({
      default: '',
      description: 'Redis Cluster nodes to write to, host:port[,host:port...] (any reachable ones; the rest are discovered). A REDIS_URL pointing at a cluster node is detected without it.',
    }),
    shard: Type.String({
      default: '', pattern: '^$|^[0-9]+/[0-9]+$',
      description: 'This instance\'s share of the markets in a fleet of N, as i/N (0 <= i < N, e.g. 0/3); markets are assigned by rendezvous hashing of venue and symbol. Empty: all markets.',
    }),
    instance: Type.String({
      default: '', maxLength: 64, pattern: '^$|^[A-Za-z0-9_.:@-]+$',
      description: 'This instance\'s name in the fleet view ({prefix}:fleet). Empty: hostname:pid.',
    }),
    prefix: Type.String({
      minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$', default: 'ob',
      description: 'Key prefix: {prefix}:book:{venue}:{symbol}.',
    }),
    host: Type.String({ default: '127.0.0.1', description: 'HTTP listen address.' }),
    port: Type.Integer({ minimum: 0, maximum: 65_535, default: 8080, description: 'HTTP listen port (0 = any free port).' }),
    allowedOrigins: Type.String({
      default: '',
      description: 'Extra browser origins (scheme://host:port) allowed on /ws and to change settings, comma-separated (e.g. https://ops.example.com behind a TLS proxy), or * for any. Empty: same origin only.',
    }),
    allowedHosts: Type.String({
      default: '',
      description: 'Host names this server answers to besides IP addresses, localhost and HOST, comma-separated; .example.com allows its subdomains too; * for any. Other Host headers get 403 (DNS rebinding).',
    }),
    adminToken: Type.String({
      default: '',
      description: 'Bearer token required for changes. Without it, changes are allowed only on a loopback bind.',
    }),
    statsHz: Type.Integer({
      minimum: 1, maximum: 10, default: 1,
      description: 'Stats frames per second pushed to dashboard clients.',
    }),
    statsLogSeconds: Type.Integer({
      minimum: 0, maximum: 86_400, default: 30,
      description: 'Print the stats line this often (0 = never).',
    }),
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      default: 'info', description: 'Log level.',
    }),
  },
  { additionalProperties: false },
);
export type StartupSettings = Static<typeof StartupSettings>;
