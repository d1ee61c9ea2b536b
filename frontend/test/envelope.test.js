import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envelopeOf } from '../js/envelope.js';

test('a downsampled series spans each bucket from its min to its max', () => {
  const points = [
    { step: 9, epoch: 0.1, value: 0.5, min: 0.4, max: 2.5 },
    { step: 19, epoch: 0.2, value: 0.3, min: 0.3, max: 0.6 },
  ];
  assert.deepEqual(envelopeOf(points), {
    lower: [{ x: 9, y: 0.4 }, { x: 19, y: 0.3 }],
    upper: [{ x: 9, y: 2.5 }, { x: 19, y: 0.6 }],
  });
});

test('the band follows the chosen axis', () => {
  const points = [{ step: 9, epoch: 0.1, value: 0.5, min: 0.4, max: 2.5 }];
  assert.deepEqual(envelopeOf(points, (p) => p.epoch).upper, [{ x: 0.1, y: 2.5 }]);
});

test('raw points have no band', () => {
  assert.equal(envelopeOf([{ step: 0, epoch: 0, value: 1 }]), null);
  assert.equal(envelopeOf([]), null);
});
