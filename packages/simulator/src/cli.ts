// Runs the simulator standalone:
//   tsx packages/simulator/src/cli.ts --port 9100 --rate 800 [--markets 45] [--seed 42] [--levels 50] [--batch-ms 50]
import { parseArgs } from 'node:util';
import { createSimulator } from './simulator';

const HELP = `Usage: tsx packages/simulator/src/cli.ts [options]
  --host <addr>      listen address (default 127.0.0.1)
  --port <n>         listen port, 0 = any free port (default 9100)
  --rate <n>         total update frames per second across markets (default 800)
  --markets <n>      active markets (default 45)
  --seed <n>         random seed (default 42)
  --levels <n>       initial levels per side (default 50)
  --batch-ms <n>     generator tick in ms (default 50)
  --help             this text`;

const num = (v: string | undefined, fallback: number, name: string): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) { console.error(`--${name}: not a number: ${v}\n\n${HELP}`); process.exit(2); }
  return n;
};

let values;
try {
  ({ values } = parseArgs({
    options: {
      host: { type: 'string' }, port: { type: 'string' }, rate: { type: 'string' }, markets: { type: 'string' },
      seed: { type: 'string' }, levels: { type: 'string' }, 'batch-ms': { type: 'string' }, help: { type: 'boolean' },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) { console.log(HELP); process.exit(0); }

let sim;
try {
  sim = createSimulator({
    host: values.host ?? '127.0.0.1',
    port: num(values.port, 9100, 'port'),
    rate: num(values.rate, 800, 'rate'),
    markets: num(values.markets, 45, 'markets'),
    seed: num(values.seed, 42, 'seed'),
    levels: num(values.levels, 50, 'levels'),
    batchMs: num(values['batch-ms'], 50, 'batch-ms'),
  });
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
const simulator = sim;
const { wsUrl, restUrl } = await simulator.start();
console.log(`simulator: ${simulator.markets().length} markets\n  ws   ${wsUrl}\n  rest ${restUrl}`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await simulator.stop();
  const c = simulator.counters();
  console.log(`simulator: stopped after ${c.generated} updates, ${c.sent} frames sent, ${c.connections} connections`);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
