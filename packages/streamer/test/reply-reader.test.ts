// The sink's reply counter: whole replies and their errors, however the socket splits the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyReader, RespProtocolError } from '../src/resp/reply-reader';

const STREAM = '+OK\r\n:12\r\n-OOM command not allowed\r\n$3\r\nfoo\r\n$-1\r\n$4\r\na\r\nb\r\n'
  + '*2\r\n$1\r\na\r\n:2\r\n*0\r\n*-1\r\n*2\r\n*1\r\n+x\r\n-inner\r\n$0\r\n\r\n+OK\r\n';
const EXPECTED = [undefined, undefined, 'OOM command not allowed', undefined, undefined, undefined,
  undefined, undefined, undefined, undefined, undefined, undefined];

function read(chunks: Buffer[]): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  const r = new ReplyReader((e) => out.push(e));
  for (const c of chunks) r.feed(c);
  return out;
}

test('every reply is counted once, errors carry their text, in one chunk', () => {
  assert.deepEqual(read([Buffer.from(STREAM)]), EXPECTED);
});

test('the same replies split at every single position', () => {
  const all = Buffer.from(STREAM);
  for (let cut = 1; cut < all.length; cut++) {
    assert.deepEqual(read([all.subarray(0, cut), all.subarray(cut)]), EXPECTED, `cut at ${cut}`);
  }
});

test('the same replies one byte at a time', () => {
  const all = Buffer.from(STREAM);
  assert.deepEqual(read([...all].map((b) => Buffer.from([b]))), EXPECTED);
});

test('a bulk body with CR LF inside is not mistaken for the end of the reply', () => {
  assert.deepEqual(read([Buffer.from('$5\r\n+OK\r\n\r\n:1\r\n')]), [undefined, undefined]);
});

test('bytes that are not RESP are refused, not guessed at', () => {
  assert.throws(() => read([Buffer.from('HTTP/1.1 400 Bad Request\r\n')]), RespProtocolError);
  assert.throws(() => read([Buffer.from('$x\r\n')]), RespProtocolError);
});

test('reset() forgets a partial reply (a new connection starts clean)', () => {
  const out: (string | undefined)[] = [];
  const r = new ReplyReader((e) => out.push(e));
  r.feed(Buffer.from('*2\r\n+a\r\n$5\r\nab'));
  r.reset();
  r.feed(Buffer.from('+OK\r\n'));
  assert.deepEqual(out, [undefined]);
});
