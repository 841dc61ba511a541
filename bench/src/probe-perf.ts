// Temporary (not committed): a streamer at 1,000 msg/s spread, held for perf to attach.
import { Redis } from 'ioredis';
import { startRedis } from '@ob/testkit';
import { compileChildren, spawnChild } from './rpc';
import { measure, sleep, startConsumer, type Env } from './session';
import { threadShares } from './thread-cpu';

const redis = await startRedis();
const client = new Redis(redis.url);
await compileChildren(['generator.ts', 'streamer-runner.ts', 'baseline-consumer.ts']);
const gen = spawnChild('generator.ts', { name: 'generator', args: ['--markets', '45', '--seed', '1', '--forward', '100000'] });
const { port } = await gen.once<{ port: number }>('listening');
const env: Env = { quick: false, gen, genPort: port, redisUrl: redis.url, redis: client, log: console.log };
const c = await startConsumer(env, 'streamer', { mode: { kind: 'spread', rate: 1000, periodMs: 50 }, settings: { batchIntervalMs: Number(process.env.INTERVAL ?? 100) }, execArgv: ['--perf-basic-prof-only-functions'] });
console.log('ready');
for (let i = 0; i < Number(process.env.WINDOWS ?? 5); i++) { const w = await measure(env, c, 15); console.log(`busy: ${w.cpuPct.toFixed(2)} % at ${w.msgsPerSec.toFixed(0)} msg/s; ${threadShares(w.a.threads, w.b.threads, w.seconds)}`); }
await c.close(); await gen.close(); client.disconnect(); await redis.stop();
