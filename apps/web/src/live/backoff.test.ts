import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelay, RECONNECT_BASE_MS, RECONNECT_CAP_MS } from './backoff';

test('delays grow from the base and never pass the cap, jitter included', () => {
  assert.equal(reconnectDelay(0, () => 0.5), RECONNECT_BASE_MS);
  assert.equal(reconnectDelay(1, () => 0.5), RECONNECT_BASE_MS * 2);
  for (const attempt of [5, 10, 50, 1000]) {
    assert.ok(reconnectDelay(attempt, () => 1) <= RECONNECT_CAP_MS);
    assert.ok(reconnectDelay(attempt, () => 0) >= RECONNECT_CAP_MS * 0.8);
  }
});

test('jitter spreads delays around the nominal value', () => {
  assert.ok(reconnectDelay(2, () => 0) < reconnectDelay(2, () => 1));
});
