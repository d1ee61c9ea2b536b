import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restartLines, restartSteps } from '../js/restarts.js';

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
