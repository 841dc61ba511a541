// The README's redis-py example, run as written against a live streamer with the change stream
// on: it reads the latest book, three updates off the channel and three stream entries.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSection, waitFor } from '@ob/testkit';
import { PREFIX, startPipeline, VENUE, type Pipeline } from '../support/pipeline';

const PYTHON_TIMEOUT_MS = 60_000;

/** A python3 with redis-py, if any: PATH's first, else Debian's (where python3-redis installs). */
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import redis'], { stdio: 'ignore' }).status === 0);

const example = () => {
  const section = readSection(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), 'python-example');
  const code = /```python\n([\s\S]*?)```/.exec(section ?? '')?.[1];
  assert.ok(code, 'README.md has a ```python block between the python-example markers');
  return code;
};

function run(file: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(python!, [file], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), PYTHON_TIMEOUT_MS);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

let p: Pipeline;
before(async () => {
  if (python) p = await startPipeline({ sim: { rate: 2000 }, settings: { batchIntervalMs: 50, stream: 'snapshot' } });
});
after(async () => { await p?.close(); });

it('the README\'s Python example runs against a live streamer', { skip: python ? false : 'no python3 with redis-py (Debian: apt-get install -y python3-redis)' }, async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'py-example-')), 'example.py');
  writeFileSync(file, example());
  // The example starts from the latest book: a reader of a streamer just started would find none yet.
  await waitFor(async () => (await p.reader.exists(p.bookKey('BTC'))) === 1, { timeoutMs: 60_000, message: 'BTC written' });
  const r = await run(file, { REDIS_URL: p.redis.url, PREFIX });
  assert.equal(r.code, 0, `python exited ${r.code}: ${r.err.slice(-2000)}`);
  const lines = r.out.trim().split('\n').map((l) => l.split(' '));
  assert.deepEqual(lines.map((l) => l[0]), ['latest', 'update', 'update', 'update', 'change', 'change', 'change'], r.out);
  assert.equal(lines[0]![1], 'BTC');
  assert.ok(Number(lines[0]![2]) > 0, 'a seq');
  for (const l of lines.slice(1, 4)) assert.ok(['BTC', 'ETH'].includes(l[1]!) && Number(l[2]) > 0, l.join(' '));
  // The three entries are consecutive in the stream, and each carried the book written with it.
  const changes = lines.slice(4);
  const [first] = await p.reader.xrange(`${PREFIX}:stream:${VENUE}:BTC`, changes[0]![1]!, changes[0]![1]!);
  assert.ok(first, 'the first entry is in the stream');
  const following = await p.reader.xrange(`${PREFIX}:stream:${VENUE}:BTC`, changes[0]![1]!, '+', 'COUNT', 3);
  assert.deepEqual(changes.map((c) => c[1]), following.map(([id]) => id));
  assert.deepEqual(changes.map((c) => Number(c[2])), following.map(([, f]) => (JSON.parse(f[1]!) as { seq: number }).seq));
});
