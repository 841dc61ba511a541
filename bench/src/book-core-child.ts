// The Book core suite in a process of its own (`npm run bench` spawns it): the harness has
// loaded ioredis, which puts String.prototype into V8's slow mode, and would also share the JIT
// and the heap with the code measured. Runs once, sends its rows, waits to be stopped.
import { benchBookCore } from './book-core';
import { emit, serveRpc } from './rpc';

serveRpc({ stop: () => true });
emit('rows', await benchBookCore({ quick: process.argv.includes('--quick') }));
