// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function and per file, so the
// report can say where the streamer spends its CPU under the firehose.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { markdownTable } from './report';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

export interface ProfileEntry { name: string; where: string; selfPct: number; selfMs: number }
export interface ProfileSummary { totalMs: number; idlePct: number; functions: ProfileEntry[]; files: ProfileEntry[] }

/**
 * The newest main-thread .cpuprofile in a directory. Node names them
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread (others, like
 * tsx's module-hooks worker, get their own files).
 */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)).map((f) => join(dir, f));
  return files.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/** node_modules/ws/lib/receiver.js, packages/feeds/src/..., node:internal/..., or (gc) and the like. */
function shortUrl(url: string, root: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  return path.startsWith('/') ? relative(root, path) : path;
}

/** Only samples within [from, to] (µs, the profiled process's monotonic clock) count when given. */
export interface ProfileWindow { from: number; to: number }

export function summarizeProfile(file: string, root: string, window?: ProfileWindow, top = 15): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  // Self time per node from the samples and their time deltas (µs), not hitCount × a nominal interval.
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let ts = p.startTime;
  for (let i = 0; i < samples.length; i++) {
    ts += deltas[i] ?? 0;
    if (window && (ts < window.from || ts > window.to)) continue;
    // A sample's delta is the time since the previous one: charge it to the node sampled then.
    const dt = deltas[i + 1] ?? 0;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const byFn = new Map<string, ProfileEntry>();
  const byFile = new Map<string, ProfileEntry>();
  let total = 0;
  let idle = 0;
  for (const n of p.nodes) {
    const us = self.get(n.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const cf = n.callFrame;
    if (cf.functionName === '(idle)') { idle += us; continue; }
    const where = shortUrl(cf.url, root);
    const name = cf.functionName || '(anonymous)';
    const fnKey = `${name}@${where}:${cf.lineNumber + 1}`;
    const fileKey = where || name;
    const add = (m: Map<string, ProfileEntry>, key: string, entry: Omit<ProfileEntry, 'selfPct' | 'selfMs'>) => {
      const e = m.get(key) ?? { ...entry, selfPct: 0, selfMs: 0 };
      e.selfMs += us / 1000;
      m.set(key, e);
    };
    add(byFn, fnKey, { name, where: where ? `${where}:${cf.lineNumber + 1}` : '' });
    add(byFile, fileKey, { name: fileKey, where: '' });
  }
  const busyMs = (total - idle) / 1000;
  const rank = (m: Map<string, ProfileEntry>) => [...m.values()]
    .map((e) => ({ ...e, selfPct: busyMs > 0 ? (e.selfMs / busyMs) * 100 : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
  return { totalMs: total / 1000, idlePct: total > 0 ? (idle / total) * 100 : 0, functions: rank(byFn), files: rank(byFile) };
}

export function profileMarkdown(s: ProfileSummary, file: string): string {
  const pct = (x: number) => `${x.toFixed(1)} %`;
  return [
    `Profile: \`${file}\` (open it in Chrome DevTools → Performance), cut to the measurement window: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${pct(s.idlePct)} idle. Self time as a share of the busy (non-idle) time of the main thread.`,
    '',
    '**Top functions**',
    '',
    markdownTable(['function', 'where', 'self'], s.functions.map((e) => [e.name, e.where, pct(e.selfPct)])),
    '',
    '**By file**',
    '',
    markdownTable(['file', 'self'], s.files.map((e) => [e.name, pct(e.selfPct)])),
  ].join('\n');
}
