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

test('a band is two datasets: the lower edge, then the upper one filled down to it', async () => {
  const { bandDatasets } = await import('../js/envelope.js');
  const band = { lower: [{ x: 1, y: 0 }], upper: [{ x: 1, y: 2 }] };
  const [lower, upper] = bandDatasets(band, 'lr', 'rgba(0,0,0,0.1)');
  assert.deepEqual(lower.data, band.lower);
  assert.deepEqual(upper.data, band.upper);
  assert.equal(upper.fill, '-1');
  assert.equal(upper.backgroundColor, 'rgba(0,0,0,0.1)');
  assert.ok(lower.hiddenInLegend && upper.hiddenInLegend);
  assert.deepEqual(bandDatasets(null, 'lr', 'red'), []);
});
