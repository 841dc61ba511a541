// RespBuffer: every value comes out as exactly its UTF-8 bytes behind the right length, whatever
// the characters and however often the buffer has to grow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RespBuffer, respCommand } from '../src/resp/encode';

/** Reads back `$<n>\r\n<bytes>\r\n` bulks and raw `+x\r\n` markers, strictly. */
function bulks(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < buf.length) {
    assert.equal(String.fromCharCode(buf[i]!), '$', `bulk header at ${i}`);
    const cr = buf.indexOf('\r\n', i);
    const n = Number(buf.toString('latin1', i + 1, cr));
    out.push(buf.subarray(cr + 2, cr + 2 + n));
    assert.equal(buf.toString('latin1', cr + 2 + n, cr + 4 + n), '\r\n', `CR LF after ${n} bytes`);
    i = cr + 4 + n;
  }
  return out;
}

const SAMPLES = ['', 'plain', 'é', '€ 12.5', '𝄞 clef', 'x'.repeat(5000), '\ud800 lone surrogate', '币安'.repeat(700), '\r\n$3\r\nSET'];

test('strings of every width, from a buffer far too small, read back byte for byte', () => {
  const r = new RespBuffer(1); // starts at the 256-byte minimum and must grow several times
  for (const s of SAMPLES) r.bulkString(s);
  r.bulkBytes(Buffer.from([0x1f, 0x8b, 0, 255]));
  const got = bulks(r.bytes());
  assert.equal(got.length, SAMPLES.length + 1);
  SAMPLES.forEach((s, k) => assert.deepEqual(got[k], Buffer.from(s, 'utf8'), `sample ${k}`));
  assert.deepEqual(got[SAMPLES.length], Buffer.from([0x1f, 0x8b, 0, 255]));
});

test('a multi-byte value that lands exactly at the end of the buffer is not cut', () => {
  for (let size = 256; size < 300; size++) {
    const r = new RespBuffer(size);
    const s = 'a'.repeat(size - 40) + '€€€€';
    r.bulkString(s);
    assert.deepEqual(bulks(r.bytes()), [Buffer.from(s, 'utf8')], `capacity ${size}`);
  }
});

test('raw bytes go in as they are, between bulks', () => {
  const r = new RespBuffer(64);
  r.raw(Buffer.from('*2\r\n'));
  r.bulkString('GET');
  r.bulkString('k');
  assert.equal(r.bytes().toString(), respCommand('GET', 'k'));
});
