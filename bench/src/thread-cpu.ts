// CPU of the process's threads, from /proc/self/task (Linux; nothing elsewhere): the main
// thread's user and system (syscall) time, and the other threads' (V8's platform workers:
// concurrent GC and compilers; libuv's pool; all are named "node", so they are not told apart).
// process.cpuUsage() sums them all; this says where the sum comes from.
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadCpu { mainUserMs: number; mainSysMs: number; otherMs: number }

const TICK_MS = 10; // USER_HZ = 100 on Linux

export function threadCpu(): ThreadCpu | undefined {
  try {
    const out: ThreadCpu = { mainUserMs: 0, mainSysMs: 0, otherMs: 0 };
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const user = Number(f[11]) * TICK_MS; // fields 14 and 15 of stat, after pid and comm
      const sys = Number(f[12]) * TICK_MS;
      if (Number(tid) === process.pid) { out.mainUserMs += user; out.mainSysMs += sys; }
      else out.otherMs += user + sys;
    }
    return out;
  } catch { return undefined; }
}

/** % of one core each kind used between two readings `seconds` apart. */
export function threadShares(a: ThreadCpu | undefined, b: ThreadCpu | undefined, seconds: number): string {
  if (!a || !b) return '';
  const p = (x: number) => `${((x / 1000 / seconds) * 100).toFixed(2)}`;
  return `main thread ${p(b.mainUserMs - a.mainUserMs)} % user + ${p(b.mainSysMs - a.mainSysMs)} % sys, other threads ${p(b.otherMs - a.otherMs)} %`;
}
