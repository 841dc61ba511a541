// One Book core candidate in a process of its own (book-core.ts spawns one per candidate and
// asks them in turn): its own JIT feedback, only its own library loaded, String.prototype never
// touched by the harness's ioredis. Answers `measure` with the best round on the depth's stream.
import { candidate, makeStream, measure, type CandidateName, type Measured, type Stream } from './book-core';
import { emit, serveRpc } from './rpc';

const prepare = await candidate(process.argv[2] as CandidateName);
const streams = new Map<number, Stream>();

serveRpc({
  measure({ depth }: { depth: number }): Measured {
    let s = streams.get(depth);
    if (!s) streams.set(depth, (s = makeStream(depth)));
    return { ns: measure(prepare, s), deltas: s.deltas.length, levels: s.levels };
  },
  stop: () => true,
});
emit('ready');
