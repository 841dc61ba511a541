// Keeps String.prototype in V8's fast mode, which every charCodeAt/startsWith in the parser (and
// the book) depends on. Any `class X extends String` puts String.prototype into dictionary mode
// when it is evaluated (ioredis has one: resp/verbatim-string.js, loaded by the streamer), and
// nothing that only reads primitive strings ever turns it back: optimized code can then no longer
// inline string methods, and scanning runs 3-6x slower process-wide. A property load through a
// String wrapper object from code with feedback does turn it back (V8 marks the prototypes of a
// receiver's chain as "should be fast"), so the parser calls this now and then. Cheap: a few loads.

const wrapper = Object('');
const load = (w: unknown) => (w as { charCodeAt: unknown }).charCodeAt;

/** Loads whose inline caches have feedback (V8 allocates it after a few calls). */
const TOUCHES = 16;

export function keepStringPrototypeFast(): void {
  for (let i = 0; i < TOUCHES; i++) load(wrapper);
}
