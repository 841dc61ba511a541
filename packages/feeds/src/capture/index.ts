// Record and replay of a venue's raw feed (README.md): what the feed's connect/fetch/clock seam takes.
export { createCaptureWriter, CaptureDirError, DEFAULT_ROTATE_BYTES, type CaptureWriter, type RecordingStats } from './writer';
export { createRecorder, type Connect, type Fetch, type FeedIo } from './recorder';
export { createReplay, parseReplaySpeed, MAX_REPLAY_SPEED, type Replay, type ReplaySpeed, type ReplayStats } from './replayer';
export { captureVenue, listParts, readCapture, type CaptureParts } from './reader';
export {
  CaptureFormatError, CLOSE, DIAL, DROPPED, ERROR, FRAME, OPEN, REST, SEND, jsonPayload, partName,
  type CaptureRecord, type PartHeader, type RecordKind,
} from './format';
