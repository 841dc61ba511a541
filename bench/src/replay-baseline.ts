// The replay suite's baseline, run as its own process: the least a reader of a capture can do.
// It reads the parts (gunzip, record decoding, the same reader the replay uses) and JSON.parses
// every frame, nothing else; the replay through the streamer is reported against it.
import { parseArgs } from 'node:util';
import { capture } from '@ob/feeds';
import { emit, serveRpc } from './rpc';

export interface CaptureReadStats { frames: number; parseErrors: number; ms: number; cpuMicros: number; error?: string }

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { capture: { type: 'string' } } });
  if (!values.capture) throw new Error('usage: replay-baseline --capture DIR');
  const dir = values.capture;
  serveRpc({
    /** Starts the read; the result comes as the 'done' event (a big capture outlasts an RPC's timeout). */
    run() { void read().then((r) => emit('done', r), (err: unknown) => emit('done', { error: String(err) })); return true; },
    stop: () => true,
  });
  emit('started');

  async function read(): Promise<CaptureReadStats> {
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    let frames = 0;
    let parseErrors = 0;
    let last: unknown;
    for await (const batch of capture.readCapture(capture.listParts(dir))) {
      for (const r of batch) {
        if (r.kind !== capture.FRAME) continue;
        frames++;
        try { last = JSON.parse(r.payload.toString('utf8')); } catch { parseErrors++; }
      }
    }
    void last;
    const u = process.cpuUsage(u0);
    return { frames, parseErrors, ms: performance.now() - t0, cpuMicros: u.user + u.system };
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
