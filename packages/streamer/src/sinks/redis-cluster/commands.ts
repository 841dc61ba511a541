// The commands the cluster sink sends, each routed alone by its key's slot: SET and XADD of a
// flush, EXPIRE of the keeper. The fixed part of each (command, key, options) is encoded once
// per key, as the single-node sink does, and a node's share of a write is one RespBuffer.
import { GZIP_SUFFIX, bookKey } from '../../redis-sink';
import { bulk, commandHead, respCommand, RespBuffer } from '../../resp/encode';
import type { ReplyValue } from '../../resp/reply-reader';
import { streamKey } from '../../stream-xadd';
import { keySlot } from './key-slot';

const ASKING = Buffer.from(respCommand('ASKING'));

export interface Cmd {
  kind: 'set' | 'xadd' | 'expire';
  key: string;
  slot: number;
  /** The write that made it (SET, XADD): a retry is dropped once a newer write of the key has been issued. */
  gen: number;
  /** Everything before the value. */
  head: Buffer;
  value: string | Buffer;
  /** After the value: a SET's `EX ttl` (`PX ms` when replayed); undefined otherwise. */
  tail: Buffer | undefined;
  /** SET, EXPIRE: how long the key lives from when this lands (ms). */
  ttlMs: number;
  /** Set by an ASK reply: send once to this node, with ASKING first. */
  askAt: string | undefined;
  redirects: number;
  /** Once delivered: why it did not land (undefined when it did), and whether that is Redis's own refusal. */
  error: string | undefined;
  refused: boolean;
  /** Its reply, when asked for (EXPIRE: 1 when the key exists). */
  reply: ReplyValue;
}

interface Head { key: string; slot: number; head: Buffer }

export const newCmd = (kind: Cmd['kind'], head: Head, gen: number, value: string | Buffer, tail: Buffer | undefined, ttlMs: number): Cmd => ({
  kind, key: head.key, slot: head.slot, gen, head: head.head, value, tail, ttlMs,
  askAt: undefined, redirects: 0, error: undefined, refused: false, reply: undefined,
});

/** The same command sent again (a replay): fresh routing and outcome. */
export const resend = (cmd: Cmd, tail: Buffer | undefined, ttlMs: number): Cmd => ({
  ...cmd, tail, ttlMs, askAt: undefined, redirects: 0, error: undefined, refused: false, reply: undefined,
});

/** `EX <s>` (a write) or `PX <ms>` (a replay keeps what is left of the key's life). */
export const expiryTail = (unit: 'EX' | 'PX', n: number) => Buffer.from(bulk(unit) + bulk(String(n)));

/** The pre-encoded heads per key: SET and EXPIRE per book key (and form), XADD per stream and field. */
export function createHeads(prefix: string, venue: string) {
  const books = new Map<string, { set: Head; expire: Head }>();
  const xadds = new Map<string, Head>();
  let xaddLen = 0;
  const book = (symbol: string, compressed: boolean) => {
    const id = compressed ? symbol + GZIP_SUFFIX : symbol;
    let h = books.get(id);
    if (h === undefined) {
      const key = bookKey(prefix, venue, symbol, compressed);
      const slot = keySlot(key);
      h = { set: { key, slot, head: Buffer.from(commandHead(5, 'SET', key)) }, expire: { key, slot, head: Buffer.from(commandHead(3, 'EXPIRE', key)) } };
      books.set(id, h);
    }
    return h;
  };
  return {
    set: (symbol: string, compressed: boolean) => book(symbol, compressed).set,
    expire: (symbol: string, compressed: boolean) => book(symbol, compressed).expire,
    xadd(symbol: string, field: string, maxLen: number): Head {
      // Cleared when the length changes, so a setting tuned often does not grow it.
      if (maxLen !== xaddLen) { xadds.clear(); xaddLen = maxLen; }
      const id = field + ' ' + symbol;
      let h = xadds.get(id);
      if (h === undefined) {
        const key = streamKey(prefix, venue, symbol);
        h = { key, slot: keySlot(key), head: Buffer.from(commandHead(8, 'XADD', key, 'MAXLEN', '~', String(maxLen), '*', field)) };
        xadds.set(id, h);
      }
      return h;
    },
  };
}

/** One node's pipeline: ASKING before each asked command; index[i] = reply index of group[i]. */
export function encodeGroup(group: readonly Cmd[]): { bytes: Buffer; replies: number; index: number[] } {
  let size = 64;
  for (const cmd of group) size += cmd.value.length + cmd.head.length + 64;
  const out = new RespBuffer(size);
  const index: number[] = new Array(group.length);
  let replies = 0;
  for (let i = 0; i < group.length; i++) {
    const cmd = group[i]!;
    if (cmd.askAt !== undefined) { out.raw(ASKING); replies++; }
    out.raw(cmd.head);
    if (typeof cmd.value === 'string') out.bulkString(cmd.value);
    else out.bulkBytes(cmd.value);
    if (cmd.tail !== undefined) out.raw(cmd.tail);
    index[i] = replies++;
  }
  return { bytes: out.bytes(), replies, index };
}
