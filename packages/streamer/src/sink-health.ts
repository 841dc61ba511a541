// Whether Redis takes a sink's writes and, when not, why (the reasons of sink-problem.ts), for
// the single-node sink and the cluster sink alike. A refusal (OOM, NOPERM, READONLY...) is the
// server's state and stays until a write lands; not answering or a refused password are the
// connection's and clear once it (every master, for a cluster) is connected again.
import type { SinkProblem } from '@ob/protocol';
import type { Clock } from './types';
import { sinkProblem } from './sink-problem';

/** Why a command or connection failed: Redis's own error reply (`refused`), or the connection's error. */
export interface FailReason { message: string; refused: boolean }

export interface SinkHealth {
  /** A write or refresh failed (wholly or in part) for this reason. */
  fail(reason: FailReason): void;
  /** A write landed whole. */
  succeeded(): void;
  /** Connected (every master, for a cluster): a connection's reason (unreachable, auth) is over. */
  connected(): void;
  readonly failing: boolean;
  /** The reason of the failures in a row, undefined when not failing. */
  problem(): SinkProblem | undefined;
}

export function createSinkHealth(clock: Clock, say: (p: SinkProblem) => void): SinkHealth {
  let failing = false;
  let problem: SinkProblem | undefined;
  const succeeded = () => { failing = false; problem = undefined; };
  return {
    fail({ message, refused }) {
      failing = true;
      const p = sinkProblem(message, refused, clock.now());
      if (problem?.code === p.code) { problem = { ...p, since: problem.since }; return; } // the first of a kind in a row keeps its time
      problem = p;
      say(p);
    },
    succeeded,
    connected() {
      if (problem === undefined || problem.code === 'unreachable' || problem.code === 'auth') succeeded();
    },
    get failing() { return failing; },
    problem: () => (failing ? problem : undefined),
  };
}
