// Entry point of the Lighter parser: the fast scanner, which falls back to the reference
// parser (JSON.parse + strict validation) for anything it does not handle itself.
export { parseLighterFrameReference, MAX_LEVELS_PER_FRAME, MAX_ERROR_MESSAGE_CHARS } from './parse-reference';
export { parseLighterFrameFast as parseLighterFrame, MAX_SKIP_DEPTH } from './parse-fast';
export { MAX_DECIMAL_CHARS } from './decimal';
