import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restartLines, restartSteps, snapshotLines } from '../js/restarts.js';

const events = [
  { kind: 'WARMUP_END', step: 50, epoch: 0.5, cycle: 0 },
  { kind: 'RESTART', step: 150, epoch: 1.5, cycle: 1, reason: 'scheduled' },
  { kind: 'CHECKPOINT', step: 200, epoch: 2 },
  { kind: 'PLATEAU_RESTART', step: 260, epoch: 2.6, cycle: 2, reason: 'val_loss flat for 3 evaluations' },
];

test('restarts, scheduled or on a plateau, give the steps where smoothing starts again', () => {
  assert.deepEqual(restartSteps(events), [150, 260]);
});

test('each restart is a line at its position on the axis, labelled with its cycle or its reason', () => {
  const lines = restartLines(events, (event) => event.epoch);
  assert.deepEqual(Object.keys(lines), ['restart-150', 'restart-260']);
  assert.equal(lines['restart-150'].value, 1.5);
  assert.equal(lines['restart-150'].label.content, 'cycle 1');
  assert.equal(lines['restart-260'].label.content, 'plateau → cycle 2: val_loss flat for 3 evaluations');
  assert.notEqual(lines['restart-260'].borderColor, lines['restart-150'].borderColor);
});

test('labels can be left off, and events off the axis are skipped', () => {
  const lines = restartLines(events, (event) => (event.step > 200 ? null : event.step), { labels: false });
  assert.deepEqual(Object.keys(lines), ['restart-150']);
  assert.equal(lines['restart-150'].label.display, false);
});

test('each snapshot is a line where it was taken, numbered from the oldest, off-axis ones skipped', () => {
  const snapshots = [{ step: 76, epoch: 2 }, { step: 114, epoch: 3 }, { step: 152, epoch: 4 }];
  const lines = snapshotLines(snapshots, (point) => (point.step > 120 ? null : point.epoch));
  assert.deepEqual(Object.keys(lines), ['snapshot-76', 'snapshot-114']);
  assert.equal(lines['snapshot-114'].value, 3);
  assert.equal(lines['snapshot-114'].label.content, 'snapshot 2');
  assert.equal(lines['snapshot-114'].label.position, 'end'); // below the cycles' labels
  assert.deepEqual(snapshotLines(undefined, (point) => point.step), {});
});
