// The subscribe budget (connection/pacer.ts) against Lighter's 200 client messages a minute:
// greedy subscribes beside the pings and pongs of 8 connections never take any 60 s window over
// the budget, and what the pings leave goes to subscribes (a ping is not counted twice: once in
// the window, once more in the reserve).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPacer, MINUTE_MS, WINDOW_SHARE } from '../src/connection/pacer';
import { LIGHTER_LIMITS } from '../src/lighter/limits';

const LINKS = 8;
const OUR_PING_MS = 30_000;
const TICK_MS = 250;

/**
 * Ten minutes of 250 ms ticks: our ping per link every 30 s, a pong per venue ping (every
 * `venuePingMs` per link), and as many one-message subscribes as the pacer lets through.
 * Returns the subscribes of each minute and the most messages any 60 s window held from the
 * second minute on (in the first, pongs beyond the reserve come on top of what went out at
 * once: nothing can hold a pong back, and nothing tells us the venue's ping rate before).
 */
function run(venuePingMs: number) {
  const pacer = createPacer({ ...LIGHTER_LIMITS, messagesInFlight: undefined });
  pacer.reserve(LINKS * 2 * Math.ceil(MINUTE_MS / OUR_PING_MS) + 1); // as feed.ts reserves
  const sent: number[] = []; // every message's time
  const perMinute = new Array<number>(10).fill(0);
  let worst = 0;
  for (let now = 0; now < 10 * MINUTE_MS; now += TICK_MS) {
    for (let l = 0; l < LINKS; l++) {
      const phase = l * 1_000; // the links opened a second apart
      if ((now - phase) % OUR_PING_MS === 0 && now >= phase) { pacer.note(now, 1); sent.push(now); }
      if ((now - phase) % venuePingMs === 0 && now > phase) { pacer.note(now, 1); sent.push(now); }
    }
    while (pacer.take(now, 1, 0)) { sent.push(now); perMinute[Math.floor(now / MINUTE_MS)]!++; }
    if (now >= 2 * MINUTE_MS) worst = Math.max(worst, sent.filter((t) => t > now - MINUTE_MS).length);
  }
  return { perMinute, worst };
}

const BUDGET = Math.floor(LIGHTER_LIMITS.messagesPerMinute! * WINDOW_SHARE);

test('pings within the reserve: every window inside the budget, and all the rest goes to subscribes', () => {
  const { perMinute, worst } = run(OUR_PING_MS); // the venue pings as often as we do
  assert.ok(worst <= BUDGET, `at most ${worst} messages in a window (budget ${BUDGET})`);
  // 8 links × (2 pings + 2 pongs) a minute = 32 of the 160: the rest, less the spare one.
  for (const n of perMinute.slice(2)) assert.ok(n >= BUDGET - 33 - 1, `${n} subscribes a minute: ${perMinute.join(' ')}`);
});

test('a venue pinging idle connections every 5 s: its pongs are counted once, and subscribes keep what they leave', () => {
  const { perMinute, worst } = run(5_000);
  assert.ok(worst <= BUDGET, `at most ${worst} messages in a window (budget ${BUDGET})`);
  // 96 pongs + 16 pings a minute: 160 - 112 leaves ~47 a minute (the reserve on top left 14).
  for (const n of perMinute.slice(2)) assert.ok(n >= 40, `${n} subscribes a minute: ${perMinute.join(' ')}`);
});
