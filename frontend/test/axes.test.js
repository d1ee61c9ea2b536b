import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisTitle, cycleAlignment, extentOf, xOf } from '../js/axes.js';

const series = (values) => values.map((value, step) => ({ step, value }));

test('cycle k spans [k, k+1) whatever the cycle lengths', () => {
  // cycles of 2 then 4 steps
  const align = cycleAlignment(series([0, 0, 1, 1, 1, 1]), series([0, 0.5, 0, 0.25, 0.5, 0.75]));
  assert.deepEqual([0, 1, 2, 3, 4, 5].map(align), [0, 0.5, 1, 1.25, 1.5, 1.75]);
});

test('warmup spans [-1, 0) in proportion to its steps', () => {
  const align = cycleAlignment(series([0, 0, 0, 0, 0]), series([0, 0, 0, 0.5, 0.9]), 2);
  assert.deepEqual([0, 1, 2, 3, 4].map(align), [-1, -0.5, 0, 0.5, 0.9]);
});

test('a step between logged ones takes the last logged position; one before all has none', () => {
  const align = cycleAlignment(
    [{ step: 10, value: 0 }, { step: 20, value: 1 }],
    [{ step: 10, value: 0.5 }, { step: 20, value: 0 }],
  );
  assert.equal(align(15), 0.5);
  assert.equal(align(25), 1);
  assert.equal(align(5), null);
});

test('points map to step, epoch or aligned position', () => {
  const point = { step: 3, epoch: 0.75 };
  assert.equal(xOf('step')(point), 3);
  assert.equal(xOf('epoch')(point), 0.75);
  assert.equal(xOf('cycle', () => 1.5)(point), 1.5);
  assert.throws(() => xOf('cycle'), TypeError);
  assert.throws(() => xOf('wall'), RangeError);
  assert.match(axisTitle('cycle'), /cycle/);
});

test('the unzoomed range holds the last evaluation, logged a step after the last rate', () => {
  const lr = [{ step: 0, epoch: 0 }, { step: 98, epoch: 1.96 }, { step: 99, epoch: 1.98 }];
  const valAcc = [{ step: 50, epoch: 1 }, { step: 100, epoch: 2 }];

  assert.deepEqual(extentOf([lr, valAcc], xOf('step')), { min: 0, max: 100 });
  assert.deepEqual(extentOf([lr, valAcc], xOf('epoch')), { min: 0, max: 2 });
});

test('no points, no range; points the axis cannot place are left out', () => {
  assert.equal(extentOf([[], []], xOf('step')), null);
  assert.deepEqual(extentOf([[{ step: 3 }, { step: 7 }]], (point) => (point.step > 5 ? null : point.step)),
    { min: 3, max: 3 });
});
