import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smoothWithRestarts } from '../js/smoothing.js';

const points = (...ys) => ys.map((y, x) => ({ x, y }));
const close = (actual, expected) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);

test('the debiased average starts at the first value and follows the hand-computed recurrence', () => {
  const smoothed = smoothWithRestarts(points(1, 3, 2), 0.5);
  // ema1 = 0.5, /0.5 = 1; ema2 = 0.25 + 1.5 = 1.75, /0.75; ema3 = 0.875 + 1 = 1.875, /0.875
  close(smoothed[0].y, 1);
  close(smoothed[1].y, 1.75 / 0.75);
  close(smoothed[2].y, 1.875 / 0.875);
});

test('a restart starts a new average, so the jump after it is not smeared', () => {
  const raw = points(1, 1, 1, 5, 5, 5);
  const smoothed = smoothWithRestarts(raw, 0.9, [3]);
  assert.deepEqual(smoothed.slice(3).map((p) => p.y), [5, 5, 5]);
  const carried = smoothWithRestarts(raw, 0.9);
  assert.ok(carried[3].y < 3, 'without the restart the jump would be smeared');
});

test('a restart between two logged steps resets at the first point after it', () => {
  const raw = [{ x: 0, y: 1 }, { x: 10, y: 1 }, { x: 20, y: 9 }];
  assert.equal(smoothWithRestarts(raw, 0.6, [15])[2].y, 9);
});

test('weight 0 leaves the series raw, and non-finite values pass as gaps', () => {
  assert.deepEqual(smoothWithRestarts(points(1, 2, 3), 0).map((p) => p.y), [1, 2, 3]);
  const gapped = smoothWithRestarts(points(2, NaN, 2), 0.5);
  assert.equal(gapped[1].y, null);
  close(gapped[2].y, 2);
});

test('a weight outside [0, 1) is refused', () => {
  assert.throws(() => smoothWithRestarts(points(1), 1), RangeError);
  assert.throws(() => smoothWithRestarts(points(1), -0.1), RangeError);
});
