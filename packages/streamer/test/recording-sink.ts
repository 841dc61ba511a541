// An in-memory SnapshotSink that records every write. Modes: 'ok' acks at once, 'fail' rejects,
// 'manual' holds each write until the test calls release().
import { gunzipSync } from 'node:zlib';
import type { SinkRecord, SnapshotSink } from '../src/types';

export interface RecordedWrite { records: SinkRecord[]; ttlSeconds: number }

export interface ParsedSnapshot {
  venue: string; market: number; symbol: string; seq: number; exchangeTs: number; receivedTs: number;
  writtenTs: number; bids: [string, string][]; asks: [string, string][];
}

export function parseRecord(r: SinkRecord): ParsedSnapshot {
  const text = typeof r.value === 'string' ? r.value : (r.compressed ? gunzipSync(r.value) : r.value).toString('utf8');
  return JSON.parse(text) as ParsedSnapshot;
}

const copyRecord = (r: SinkRecord): SinkRecord => ({
  ...r,
  value: typeof r.value === 'string' ? r.value : Buffer.from(r.value),
  ...(r.stream ? { stream: { ...r.stream, value: typeof r.stream.value === 'string' ? r.stream.value : Buffer.from(r.stream.value) } } : {}),
});

export class RecordingSink implements SnapshotSink {
  readonly url = 'memory://';
  mode: 'ok' | 'fail' | 'manual' = 'ok';
  readonly writes: RecordedWrite[] = [];
  private held: { resolve: () => void; reject: (e: Error) => void }[] = [];

  write(records: readonly SinkRecord[], ttlSeconds: number): Promise<void> {
    // Kept past the write: copied, as SinkRecord says (the engine reuses a market's buffers).
    this.writes.push({ records: records.map(copyRecord), ttlSeconds });
    if (this.mode === 'fail') return Promise.reject(new Error('sink down'));
    if (this.mode === 'ok') return Promise.resolve();
    return new Promise((resolve, reject) => this.held.push({ resolve, reject }));
  }

  /** Acks (or fails) every held write. */
  release(fail = false): void {
    const h = this.held;
    this.held = [];
    for (const w of h) fail ? w.reject(new Error('sink down')) : w.resolve();
  }

  get heldCount(): number { return this.held.length; }

  /** Every snapshot written, in write order. */
  snapshots(): ParsedSnapshot[] {
    return this.writes.flatMap((w) => w.records.map(parseRecord));
  }

  of(symbol: string): ParsedSnapshot[] {
    return this.snapshots().filter((s) => s.symbol === symbol);
  }

  status(): 'writable' | 'down' | 'disabled' { return this.mode === 'fail' ? 'down' : 'writable'; }
  async close(): Promise<void> {}
}
