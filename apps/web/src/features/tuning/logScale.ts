// Log-scale slider: equal slider travel per decade, so 1 ms and 10,000 ms are both reachable.
export const SLIDER_STEPS = 1000;

export function valueToSlider(value: number, min: number, max: number): number {
  const lo = Math.log(Math.max(min, 1));
  const hi = Math.log(Math.max(max, min + 1));
  const v = Math.log(Math.min(max, Math.max(min, value, 1)));
  return Math.round(((v - lo) / (hi - lo)) * SLIDER_STEPS);
}

/** Rounded to a "nice" value (two significant digits) so dragging gives 120, not 117. */
export function sliderToValue(pos: number, min: number, max: number): number {
  const lo = Math.log(Math.max(min, 1));
  const hi = Math.log(Math.max(max, min + 1));
  const raw = Math.exp(lo + (Math.min(SLIDER_STEPS, Math.max(0, pos)) / SLIDER_STEPS) * (hi - lo));
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return Math.min(max, Math.max(min, Math.round(raw / magnitude) * magnitude));
}
