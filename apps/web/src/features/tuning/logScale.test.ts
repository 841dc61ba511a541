import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldSpec } from './fields';
import { SLIDER_STEPS, sliderToValue, valueToSlider } from './logScale';

test('the batch interval range comes from the shared schema', () => {
  const spec = fieldSpec('batchIntervalMs');
  assert.equal(spec.min, 1);
  assert.equal(spec.max, 10_000);
  assert.equal(spec.integer, true);
  assert.match(spec.help, /ms/);
});

test('slider ends reach both ends of the range; each decade gets equal travel', () => {
  assert.equal(sliderToValue(0, 1, 10_000), 1);
  assert.equal(sliderToValue(SLIDER_STEPS, 1, 10_000), 10_000);
  assert.equal(valueToSlider(10, 1, 10_000), SLIDER_STEPS / 4);
  assert.equal(valueToSlider(100, 1, 10_000), SLIDER_STEPS / 2);
  assert.equal(valueToSlider(1000, 1, 10_000), (SLIDER_STEPS * 3) / 4);
});

test('round trips land on a nice value near where they started', () => {
  for (const v of [1, 5, 20, 100, 250, 1000, 10_000]) {
    const back = sliderToValue(valueToSlider(v, 1, 10_000), 1, 10_000);
    assert.ok(Math.abs(back - v) / v < 0.05, `${v} came back as ${back}`);
  }
});
