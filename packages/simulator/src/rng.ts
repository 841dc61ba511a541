// A small seeded PRNG (mulberry32): the same seed gives the same venue, frame for frame. Also its own
// entry point (`@ob/simulator/rng`), for processes that want the stream and nothing else loaded.

export type Rng = () => number;

/** Uniform in [0, 1). */
export function createRng(seed: number): Rng {
  let a = (seed >>> 0) || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
