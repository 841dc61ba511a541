// `npm run -w bench keep-alive`: how the keeper should keep a quiet book's key alive (issue 19.1),
// EXPIRE key ttl or a rewrite (SET key value EX ttl), measured through the sink's own code
// (sink.refresh / sink.write) against a private redis-server: 45 keys of a depth-50 snapshot per
// pipeline, the two kinds in alternating blocks so both see the same machine. Writes its section
// of BENCHMARKS.md (kept by `npm run bench`).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { createRedisSink } from '@ob/streamer';
import { startRedis, withSection } from '@ob/testkit';

export const KEEP_ALIVE_SECTION = 'keep-alive';
const KEYS = 45;
const DEPTH = 50;
const BLOCKS = Number(process.env.KEEP_ALIVE_BLOCKS ?? 20);
const PIPELINES_PER_BLOCK = 50;

function snapshot(symbol: string): string {
  const side = (base: number, dir: number) => Array.from({ length: DEPTH }, (_, i) => `["${(base + dir * i * 0.1).toFixed(1)}","${(1 + i / 7).toFixed(5)}"]`).join(',');
  return `{"venue":"lighter","market":1,"symbol":"${symbol}","seq":642934,"exchangeTs":1795425355364,"receivedTs":1795425355365,"writtenTs":1795425355365,"bids":[${side(90000, -1)}],"asks":[${side(90001, 1)}]}`;
}

async function redisCpuUs(admin: Redis): Promise<number> {
  const info = await admin.info('cpu');
  const get = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (get('used_cpu_sys') + get('used_cpu_user')) * 1e6;
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const admin = new Redis(redis.url);
  const sink = createRedisSink({ url: redis.url, prefix: 'bench', venue: 'lighter' });
  while (sink.status() !== 'writable') await new Promise((r) => setTimeout(r, 20));
  const records = Array.from({ length: KEYS }, (_, i) => ({ symbol: `M${i}`, value: snapshot(`M${i}`), compressed: false }));
  const keys = records.map((r) => ({ symbol: r.symbol, compressed: false }));
  await sink.write(records, 60);
  const kinds = {
    expire: async () => { await sink.refresh!(keys, 60); },
    rewrite: async () => { await sink.write(records, 60); },
  };
  const total = { expire: { wallMs: 0, redisUs: 0 }, rewrite: { wallMs: 0, redisUs: 0 } };
  for (let b = 0; b < BLOCKS; b++) {
    for (const kind of (b % 2 ? ['rewrite', 'expire'] : ['expire', 'rewrite']) as (keyof typeof kinds)[]) {
      const cpu0 = await redisCpuUs(admin);
      const t0 = performance.now();
      for (let p = 0; p < PIPELINES_PER_BLOCK; p++) await kinds[kind]();
      total[kind].wallMs += performance.now() - t0;
      total[kind].redisUs += await redisCpuUs(admin) - cpu0;
    }
  }
  await sink.close();
  admin.disconnect();
  await redis.stop();

  const n = BLOCKS * PIPELINES_PER_BLOCK;
  const per = (k: keyof typeof total) => ({ wallUs: (total[k].wallMs * 1000) / n, redisUsPerKey: total[k].redisUs / (n * KEYS) });
  const e = per('expire');
  const w = per('rewrite');
  const bytesExpire = `*3\r\n$6\r\nEXPIRE\r\n$${'bench:book:lighter:M10'.length}\r\nbench:book:lighter:M10\r\n$2\r\n60\r\n`.length;
  const bytesRewrite = records[10]!.value.length + 60;
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const body = [
    `### Keeping a quiet book alive: EXPIRE or rewrite (issue 19.1; \`npm run -w bench keep-alive\`, ${when})`,
    '',
    `${n} pipelines of each kind, ${KEYS} keys each (a depth-${DEPTH} snapshot, ${records[0]!.value.length} B), alternating blocks of ${PIPELINES_PER_BLOCK}, through the sink's own refresh() and write().`,
    '',
    '| per pipeline of 45 keys | EXPIRE | rewrite (SET … EX) | rewrite ÷ EXPIRE |',
    '|---|---|---|---|',
    `| round trip (µs, client) | ${e.wallUs.toFixed(0)} | ${w.wallUs.toFixed(0)} | ${(w.wallUs / e.wallUs).toFixed(1)}× |`,
    `| Redis CPU per key (µs) | ${e.redisUsPerKey.toFixed(2)} | ${w.redisUsPerKey.toFixed(2)} | ${(w.redisUsPerKey / e.redisUsPerKey).toFixed(1)}× |`,
    `| bytes sent per key | ${bytesExpire} | ~${bytesRewrite} | ${(bytesRewrite / bytesExpire).toFixed(0)}× |`,
    '',
    'The keeper uses EXPIRE: its reply also says whether the key still exists (0: gone, so that book is rewritten).',
  ].join('\n');
  const path = new URL('../../BENCHMARKS.md', import.meta.url);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, withSection(text, KEEP_ALIVE_SECTION, body));
  console.log(body);
}

await main();
