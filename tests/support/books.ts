import type { BookSnapshot } from '@ob/protocol';
import type { Pipeline } from './pipeline';

/** Markets whose Redis snapshot differs from the simulator's book cut at the snapshot's depth. */
export async function booksMismatches(p: Pipeline, depth = p.streamer.settings().depth): Promise<string[]> {
  const bad: string[] = [];
  for (const m of p.sim.markets()) {
    const truth = p.sim.trueBook(m.id);
    const raw = await p.reader.get(p.bookKey(m.symbol));
    const snap = raw === null ? null : (JSON.parse(raw) as BookSnapshot);
    if (!snap) bad.push(`${m.symbol}: no key`);
    else if (snap.seq !== truth.nonce) bad.push(`${m.symbol}: seq ${snap.seq} != ${truth.nonce}`);
    else if (JSON.stringify(snap.bids) !== JSON.stringify(truth.bids.slice(0, depth))
      || JSON.stringify(snap.asks) !== JSON.stringify(truth.asks.slice(0, depth))) bad.push(`${m.symbol}: levels differ`);
  }
  return bad;
}
