import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordingStatus, ReplayStatus } from '@ob/protocol';
import { captureRow, summarizeRecording, summarizeReplay } from './summary';

const recording: RecordingStatus = {
  dir: '/var/cap/run1', file: '/var/cap/run1/capture-000003.obcap.gz', parts: 3, rotations: 2,
  bytes: 5 * 1024 * 1024, rawBytes: 40 * 1024 * 1024, frames: 120_000, connections: 1, droppedFrames: 0,
  rotateBytes: 256 * 1024 * 1024, error: null, startedAt: 0,
};

test('the recording: the part file by name, size with its gzip ratio, rotations and the part size', () => {
  assert.deepEqual(summarizeRecording(recording), { file: 'capture-000003.obcap.gz', size: '5.0 MB · 8.00× gzip', rotations: '2 · parts of 256 MB' });
  assert.equal(summarizeRecording({ ...recording, bytes: 0, rawBytes: 0 }).size, '0.0 MB', 'no ratio before gzip wrote anything');
});

const replay: ReplayStatus = {
  dir: '/var/cap/run1', speed: '10', state: 'playing', error: null, parts: 3, part: 2, bytesRead: 1, bytesTotal: 3,
  progress: 0.337, frames: 1000, skippedFrames: 0, droppedInCapture: 0, connections: 1,
  recordedStart: 1_000_000, recordedAt: 1_012_500, startedAt: 0, endedAt: null,
};

test('the replay: progress in whole percent, speed, state in words, recorded time played', () => {
  assert.deepEqual(summarizeReplay(replay), { percent: 33, speed: '10×', state: 'playing', played: 12_500 });
  assert.equal(summarizeReplay({ ...replay, speed: 'max' }).speed, 'max (as fast as it goes)');
  assert.equal(summarizeReplay({ ...replay, progress: 1, state: 'ended' }).percent, 100);
  assert.match(summarizeReplay({ ...replay, state: 'waiting' }).state, /waiting for the feed/);
});

test('a venue\'s row: what it does, where, how much, and what it lost', () => {
  assert.deepEqual(captureRow({ recording, replay: null }), { what: 'recording', where: 'capture-000003.obcap.gz', size: '5.0 MB', ratio: '8.00× gzip', frames: 120_000, lost: 0, error: null });
  const r = captureRow({ recording: null, replay: { ...replay, skippedFrames: 4, error: 'bad part' } });
  assert.deepEqual(r, { what: 'replay · playing', where: '33 % · part 2 of 3', size: '–', ratio: '', frames: 1000, lost: 4, error: 'bad part' });
  assert.equal(captureRow({ recording: null, replay: null }).what, '');
});
