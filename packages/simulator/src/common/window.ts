// Sliding-window budgets, as venues count "N per minute per IP": each accepted event's time is
// kept (at most `max` of them), and an event is refused while `max` fall inside the window.

export interface WindowBudget {
  /** Records an event at `now` if the budget allows it; false (nothing recorded) when over. */
  take(now: number, cost?: number): boolean;
  /** Events (or cost) inside the window at `now`. */
  used(now: number): number;
}

export function createWindowBudget(max: number, windowMs: number): WindowBudget {
  // Times and costs of accepted events, oldest first, in a ring of at most `max` entries.
  const times: number[] = [];
  const costs: number[] = [];
  let head = 0;
  let total = 0;
  const expire = (now: number) => {
    while (head < times.length && times[head]! <= now - windowMs) { total -= costs[head]!; head++; }
    if (head > 1024 && head * 2 > times.length) { times.splice(0, head); costs.splice(0, head); head = 0; }
  };
  return {
    take(now, cost = 1) {
      expire(now);
      if (total + cost > max) return false;
      times.push(now);
      costs.push(cost);
      total += cost;
      return true;
    },
    used(now) { expire(now); return total; },
  };
}

/** One budget per key (a client IP), created on first use. */
export function createKeyedBudgets(max: number, windowMs: number) {
  const budgets = new Map<string, WindowBudget>();
  return (key: string): WindowBudget => {
    let b = budgets.get(key);
    if (!b) { b = createWindowBudget(max, windowMs); budgets.set(key, b); }
    return b;
  };
}
