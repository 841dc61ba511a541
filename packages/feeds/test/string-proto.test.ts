// keepStringPrototypeFast() must bring String.prototype back to V8's fast mode after a String
// subclass (as ioredis defines) put it in dictionary mode; without it the parser runs 3-6x slower.
// Checked in a child process, where %HasFastProperties is available.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const helper = fileURLToPath(new URL('../src/lighter/string-proto.ts', import.meta.url));

function probe(repair: boolean): string {
  const code = `
    const { keepStringPrototypeFast } = await import(${JSON.stringify(helper)});
    class Verbatim extends String {}
    globalThis.keep = Verbatim;
    const before = %HasFastProperties(String.prototype);
    ${repair ? 'keepStringPrototypeFast();' : ''}
    console.log(before + ' ' + %HasFastProperties(String.prototype));`;
  return execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
  }).trim();
}

test('a String subclass slows String.prototype down; keepStringPrototypeFast() restores it', () => {
  assert.equal(probe(false), 'false false', 'the subclass puts String.prototype in dictionary mode');
  assert.equal(probe(true), 'false true');
});
