import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coerce, envName, flagName, SETTING_DEFS } from '../src/settings/defs';
import { helpText, settingsTable } from '../src/settings/help';
import { loadSettings } from '../src/settings/load';

const run = (argv: string[], env: Record<string, string> = {}) => {
  const r = loadSettings(argv, env);
  if (r.kind !== 'run') assert.fail(`expected run, got ${JSON.stringify(r)}`);
  return r;
};
const error = (argv: string[], env: Record<string, string> = {}) => {
  const r = loadSettings(argv, env);
  if (r.kind !== 'error') assert.fail(`expected error, got ${r.kind}`);
  return r.messages;
};

test('names: camelCase → UPPER_SNAKE env vars and kebab-case flags', () => {
  assert.equal(envName('batchIntervalMs'), 'BATCH_INTERVAL_MS');
  assert.equal(envName('redisUrl'), 'REDIS_URL');
  assert.equal(envName('lighterWsUrl'), 'LIGHTER_WS_URL');
  assert.equal(envName('adminToken'), 'ADMIN_TOKEN');
  assert.equal(flagName('batchIntervalMs'), 'batch-interval-ms');
  const envs = SETTING_DEFS.map((d) => d.env);
  assert.equal(new Set(envs).size, envs.length, 'env names are unique');
});

test('defaults when nothing is given: 127.0.0.1:8080, every venue simulated, no live overrides', () => {
  const r = run([]);
  assert.equal(r.startup.host, '127.0.0.1');
  assert.equal(r.startup.port, 8080);
  assert.deepEqual(r.startup.source, ['sim-lighter', 'sim-hyperliquid', 'sim-bybit', 'sim-binance-usdm', 'sim-okx']);
  assert.equal(r.startup.allowedOrigins, '');
  assert.equal(r.startup.record, '', 'not recording');
  assert.equal(r.startup.recordRotateMb, 256);
  assert.equal(r.startup.replaySpeed, '1');
  assert.deepEqual(r.live, {});
});

test('record and replay settings: a capture directory, its rotation size, the replay speed', () => {
  const r = run(['--record=/tmp/cap-a', '--record-rotate-mb=16'], { SOURCE: 'replay:/tmp/cap-b', REPLAY_SPEED: 'max' });
  assert.equal(r.startup.record, '/tmp/cap-a');
  assert.equal(r.startup.recordRotateMb, 16);
  assert.deepEqual(r.startup.source, ['replay:/tmp/cap-b']);
  assert.equal(r.startup.replaySpeed, 'max');
  assert.equal(run([], { REPLAY_SPEED: '2.5' }).startup.replaySpeed, '2.5');
});

test('env vars set startup and live settings, typed by the schema', () => {
  const r = run([], {
    PORT: '9301', HOST: '0.0.0.0', BATCH_INTERVAL_MS: '250', MARKETS: 'BTC, ETH,', DEPTH_OVERRIDES: '{"BTC":200}',
    COMPRESSION: 'gzip', REDIS_URL: 'redis://127.0.0.1:9399/2', MIN_CHANGE_BPS: '1.5', SIM_RATE: '',
  });
  assert.equal(r.startup.port, 9301);
  assert.equal(r.startup.host, '0.0.0.0');
  assert.equal(r.startup.redisUrl, 'redis://127.0.0.1:9399/2');
  assert.equal(r.startup.simRate, 800, 'an empty numeric env var counts as unset');
  assert.deepEqual(r.live, { batchIntervalMs: 250, markets: ['BTC', 'ETH'], depthOverrides: { BTC: 200 }, compression: 'gzip', minChangeBps: 1.5 });
  assert.equal(r.from.batchIntervalMs, 'env');
});

test('CLI flags in both forms, and CLI wins over env', () => {
  const r = run(['--batch-interval-ms=200', '--port', '9302', '--markets', 'SOL'], { BATCH_INTERVAL_MS: '999', PORT: '9303' });
  assert.equal(r.live.batchIntervalMs, 200);
  assert.deepEqual(r.live.markets, ['SOL']);
  assert.equal(r.startup.port, 9302);
  assert.equal(r.from.batchIntervalMs, 'cli');
});

test('invalid values name the field, where it came from and the allowed range', () => {
  const [m1] = error(['--batch-interval-ms=0']);
  assert.match(m1!, /--batch-interval-ms/);
  assert.match(m1!, /batchIntervalMs must be an integer from 1 to 10000 \(got 0\)/);
  const [m2] = error([], { PORT: 'eighty' });
  assert.match(m2!, /PORT.*port must be an integer from 0 to 65535/);
  const [m3] = error([], { SOURCE: 'lighter,binance' });
  assert.match(m3!, /SOURCE.*source must be a comma-separated list of lighter, hyperliquid, bybit, binance-usdm, okx, sim-lighter.*\(got "binance"\)/);
  const [m5] = error([], { SOURCE: 'lighter,simulator' });
  assert.match(m5!, /SOURCE.*names venue lighter twice/);
  const [m6] = error([], { VENUE_URLS: '{"kraken":{"ws":"wss://x"}}' });
  assert.match(m6!, /VENUE_URLS.*unknown venue "kraken"/);
  const [m7] = error([], { SOURCE: 'replay:/tmp/cap', REPLAY_SPEED: '0' });
  assert.match(m7!, /REPLAY_SPEED: replaySpeed must be a number above 0 and at most 10000, or "max" \(got "0"\)/);
  assert.match(error(['--replay-speed=fast'])[0]!, /--replay-speed: replaySpeed must be a string matching/);
  assert.match(error([], { REPLAY_SPEED: '20000' })[0]!, /at most 10000/);
  assert.match(error([], { RECORD_ROTATE_MB: '0' })[0]!, /RECORD_ROTATE_MB: recordRotateMb must be an integer from 1 to 65536/);
  const [m4] = error([], { DEPTH_OVERRIDES: '{"BTC":5000}' });
  assert.match(m4!, /depthOverrides\.BTC must be an integer from 1 to 1000/);
  assert.equal(error([], { PORT: '-1', STATS_HZ: '11' }).length, 2, 'every bad setting is reported');
});

test('venue settings: market kinds, markets per connection under the venue cap, refresh period; bad values refused whole', () => {
  const ok = loadSettings(['--market-kinds=both', '--markets-per-connection=100'], { MARKETS_REFRESH_SECONDS: '60' });
  assert.equal(ok.kind, 'run');
  if (ok.kind === 'run') assert.deepEqual([ok.startup.marketKinds, ok.startup.marketsPerConnection, ok.startup.marketsRefreshSeconds], ['both', 100, 60]);
  const defaults = loadSettings([], {});
  if (defaults.kind === 'run') assert.deepEqual([defaults.startup.marketKinds, defaults.startup.marketsPerConnection, defaults.startup.marketsRefreshSeconds], ['perp', 50, 300]);
  const bad = error(['--markets-per-connection=101', '--market-kinds=futures'], { MARKETS_REFRESH_SECONDS: '1' });
  assert.equal(bad.length, 3);
  assert.ok(bad.some((m) => /--markets-per-connection.*marketsPerConnection must be an integer from 1 to 100 \(got 101\)/.test(m)), bad.join('\n'));
  assert.ok(bad.some((m) => /--market-kinds.*must be one of "perp", "spot", "both"/.test(m)), bad.join('\n'));
  assert.ok(bad.some((m) => /MARKETS_REFRESH_SECONDS.*from 10 to 86400/.test(m)), bad.join('\n'));
});

test('unknown flags and flags without a value are errors', () => {
  assert.match(error(['--no-such-thing=1'])[0]!, /unknown option --no-such-thing/);
  assert.match(error(['--port'])[0]!, /--port needs a value/);
  assert.match(error(['stray'])[0]!, /unexpected argument "stray"/);
});

test('--help lists every setting with env name, default, range and description', () => {
  const r = loadSettings(['--help'], {});
  assert.equal(r.kind, 'help');
  const text = helpText();
  for (const d of SETTING_DEFS) {
    assert.ok(text.includes(`--${d.flag}=`), `flag of ${d.key}`);
    assert.ok(text.includes(`env ${d.env}`), `env of ${d.key}`);
    assert.ok(d.schema.description && text.includes(d.schema.description), `description of ${d.key}`);
  }
  assert.match(text, /--batch-interval-ms=<value>\s+env BATCH_INTERVAL_MS\s+default 100\s+range 1–10000/);
  assert.match(text, /Precedence: CLI flag > environment variable > .*persisted.* > default/);
});

test('--print-settings-table gives a Markdown row per setting', () => {
  const r = loadSettings(['--print-settings-table'], {});
  assert.equal(r.kind, 'help');
  const rows = settingsTable().split('\n').filter((l) => l.startsWith('| `'));
  assert.equal(rows.length, SETTING_DEFS.length);
  assert.ok(rows.some((l) => l.startsWith('| `batchIntervalMs` | `BATCH_INTERVAL_MS` | `--batch-interval-ms` | 100 | 1–10000 | yes |')));
  assert.ok(rows.some((l) => l.includes('`compression`') && l.includes('none \\| gzip')), 'pipes inside cells are escaped');
});

test('coerce leaves text that is not a number for validation to report', () => {
  assert.equal(coerce('12', { type: 'integer' }), 12);
  assert.equal(coerce('1e3', { type: 'integer' }), 1000);
  assert.equal(coerce('12abc', { type: 'integer' }), '12abc');
  assert.deepEqual(coerce('["A","B"]', { type: 'array' }), ['A', 'B']);
  assert.equal(coerce('{oops', { type: 'object' }), '{oops');
});
