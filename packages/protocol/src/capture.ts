// GET /api/capture: what recording (RECORD) and replay (SOURCE=replay:<dir>) are doing, for the dashboard.
import Type, { type Static } from 'typebox';

export const RecordingStatus = Type.Object({
  dir: Type.String({ description: 'The capture directory (RECORD).' }),
  file: Type.String({ description: 'The part being written.' }),
  parts: Type.Integer(),
  rotations: Type.Integer({ description: 'Parts closed at recordRotateMb and a new one begun.' }),
  bytes: Type.Number({ description: 'Compressed bytes on disk, every part.' }),
  rawBytes: Type.Number({ description: 'Bytes of records before gzip.' }),
  frames: Type.Number({ description: 'Frames recorded.' }),
  connections: Type.Integer({ description: 'Venue connections recorded (dials).' }),
  droppedFrames: Type.Number({ description: 'Frames dropped because gzip or the disk fell behind (marked in the capture).' }),
  rotateBytes: Type.Number(),
  error: Type.Union([Type.String(), Type.Null()], { description: 'Why recording stopped (a full disk, permissions), or null.' }),
  startedAt: Type.Number(),
});
export type RecordingStatus = Static<typeof RecordingStatus>;

export const ReplayStatus = Type.Object({
  dir: Type.String({ description: 'The capture played (SOURCE=replay:<dir>).' }),
  speed: Type.String({ description: '"1", "10", … or "max".' }),
  state: Type.Enum(['playing', 'waiting', 'ended', 'failed', 'stopped'], { description: 'waiting: for the adapter to dial the next recorded connection.' }),
  error: Type.Union([Type.String(), Type.Null()]),
  parts: Type.Integer(),
  part: Type.Integer({ description: 'The part being read, from 1.' }),
  bytesRead: Type.Number(),
  bytesTotal: Type.Number(),
  progress: Type.Number({ description: 'Share of the capture read, 0–1.' }),
  frames: Type.Number({ description: 'Frames handed to the adapter.' }),
  skippedFrames: Type.Number({ description: 'Frames of a connection the adapter had already closed.' }),
  droppedInCapture: Type.Number({ description: 'Frames the recorder had dropped.' }),
  connections: Type.Integer(),
  recordedStart: Type.Number({ description: 'Recorded time of the capture\'s first record (ms epoch).' }),
  recordedAt: Type.Number({ description: 'Recorded time of the replay\'s position (ms epoch).' }),
  startedAt: Type.Number(),
  endedAt: Type.Union([Type.Number(), Type.Null()]),
});
export type ReplayStatus = Static<typeof ReplayStatus>;

export const CaptureResponse = Type.Object({
  recording: Type.Union([RecordingStatus, Type.Null()], { description: 'null when RECORD is not set.' }),
  replay: Type.Union([ReplayStatus, Type.Null()], { description: 'null unless SOURCE=replay:<dir>.' }),
});
export type CaptureResponse = Static<typeof CaptureResponse>;
