// Entry point of the Lighter parser: the fast scanner once it lands, the reference parser until then.
import type { LighterFrame } from './frames';
import { parseLighterFrameReference } from './parse-reference';

export { parseLighterFrameReference, MAX_LEVELS_PER_FRAME } from './parse-reference';
export { MAX_DECIMAL_CHARS } from './decimal';

export function parseLighterFrame(text: string, receivedTs: number): LighterFrame {
  return parseLighterFrameReference(text, receivedTs);
}
