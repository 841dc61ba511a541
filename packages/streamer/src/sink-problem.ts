// Why Redis does not take the writes, in an operator's words: each refusal Redis can give (and
// not answering at all) is its own reason in /readyz, the dashboard and the log, with the fix.
import type { SinkProblem, SinkProblemCode } from '@ob/protocol';

/** The fix to name for each reason. */
export const SINK_PROBLEM_FIX: Record<SinkProblemCode, string> = {
  unreachable: 'start Redis, or fix the host and port in REDIS_URL',
  auth: 'set the right password in REDIS_URL (redis://:password@host:port, or redis://user:password@host:port for an ACL user)',
  noperm: 'grant the ACL user SET, EXPIRE, PUBLISH (and XADD with the stream setting) on the prefix\'s keys and channel',
  readonly: 'REDIS_URL points at a replica: point it at the primary (after a failover, the new primary)',
  oom: 'Redis is at maxmemory with maxmemory-policy noeviction: raise maxmemory, free memory, or use volatile-ttl (book keys carry a TTL)',
  misconf: 'Redis could not save its RDB snapshot and refuses writes: fix the disk or permissions of its dir (see its log), or CONFIG SET stop-writes-on-bgsave-error no',
  loading: 'Redis is loading its dataset after a restart: wait for it to finish',
  error: 'see the message Redis gave',
};

const SHORT: Record<SinkProblemCode, string> = {
  unreachable: 'not answering',
  auth: 'authentication failed',
  noperm: 'no permission',
  readonly: 'read-only replica',
  oom: 'out of memory',
  misconf: 'cannot persist (MISCONF)',
  loading: 'loading its dataset',
  error: 'refuses writes',
};

/** The reason behind an error text: an error reply's leading code, or a connection error. */
export function classifyRedisError(message: string, isReply: boolean): SinkProblemCode {
  if (!isReply) return /WRONGPASS|NOAUTH|invalid password|AUTH.*without any password/i.test(message) ? 'auth' : 'unreachable';
  const code = message.split(' ', 1)[0]!;
  if (code === 'NOAUTH' || code === 'WRONGPASS' || /invalid (username-)?password|AUTH.*without any password/i.test(message)) return 'auth';
  if (code === 'NOPERM') return 'noperm';
  if (code === 'READONLY') return 'readonly';
  if (code === 'OOM') return 'oom';
  if (code === 'MISCONF') return 'misconf';
  if (code === 'LOADING') return 'loading';
  return 'error';
}

export function sinkProblem(message: string, isReply: boolean, since: number): SinkProblem {
  const code = classifyRedisError(message, isReply);
  return { code, summary: `redis: ${SHORT[code]}`, message, fix: SINK_PROBLEM_FIX[code], since };
}
