import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  findingFacts, isDecade, lossScale, tickLabel, rangeMetricsUrl, repeatCurves, suggestionLines, useRateHref,
} from '../js/range-test-page.js';

const FOUND = {
  suggested_lr: 0.0017475284,
  suggestions: [{ method: 'valley', lr: 0.00132194 }, { method: 'steepest', lr: 0.0017475284 },
    { method: 'min_div_10', lr: 0.017475284 }],
  spread_decades: 1.1212,
  stop: { reason: 'diverged', step: 88, lr: 2.1544347 },
  schedule_hint: { base_lr: 0.0017475284, eta_min: 0.000017475284 },
  warnings: [{ code: 'METHODS_DISAGREE', message: 'the methods disagree' }],
};

test('each repeat is its own curve of loss against rate, raw and smoothed', () => {
  const series = new Map([
    ['lr', { points: [0, 1, 2, 3].map((step) => ({ step, value: [0.01, 0.1, 0.01, 0.1][step] })) }],
    ['train_loss', { points: [0, 1, 2, 3].map((step) => ({ step, value: 2 - step / 10 })) }],
    ['smoothed_loss', { points: [0, 1, 2].map((step) => ({ step, value: 2 - step / 20 })) }],
  ]);

  const curves = repeatCurves(series, 2);

  assert.equal(curves.length, 2);
  assert.deepEqual(curves[0].raw, [{ x: 0.01, y: 2 }, { x: 0.1, y: 1.9 }]);
  assert.deepEqual(curves[1].raw, [{ x: 0.01, y: 1.8 }, { x: 0.1, y: 1.7 }]);
  assert.deepEqual(curves[1].smoothed, [{ x: 0.01, y: 1.9 }]);
});

test('the findings read as words, rates to three digits', () => {
  assert.deepEqual(findingFacts(FOUND), [
    { label: 'suggested rate', text: '0.00175' },
    { label: 'valley', text: '0.00132' },
    { label: 'steepest', text: '0.00175' },
    { label: 'min_div_10', text: '0.0175' },
    { label: 'spread', text: '1.1 decades' },
    { label: 'stopped', text: 'diverged at step 88, rate 2.15' },
    { label: 'schedule to try', text: 'base_lr 0.00175, eta_min 1.75e-5' },
  ]);
  assert.deepEqual(findingFacts(null), []);
  assert.equal(findingFacts({ ...FOUND, suggestions: [], suggested_lr: null, schedule_hint: null })[0].text, 'none');
});

test('every suggestion, the consensus and the stop are lines on the rate axis', () => {
  const lines = suggestionLines(FOUND);

  assert.deepEqual(Object.keys(lines), ['method-valley', 'method-steepest', 'method-min_div_10', 'suggested', 'stop']);
  assert.equal(lines.suggested.value, FOUND.suggested_lr);
  assert.equal(lines.stop.label.content, 'diverged (step 88)');
  assert.equal(suggestionLines({ ...FOUND, stop: { reason: 'end_lr', step: 99, lr: 10 } }).stop.label.content, 'end_lr');
});

test('"Use this rate" carries the run and the hinted rates to the launch form', () => {
  assert.equal(useRateHref('/runs/new', 'r1', { base_lr: 0.0017475284, eta_min: 0.000017475284 }),
    '/runs/new?from=r1&base_lr=0.00175&eta_min=1.75e-5');
});

test('a loss that runs away is drawn on a log axis; a tame one on a linear axis', () => {
  const curve = (ys) => [{ raw: ys.map((y, i) => ({ x: i + 1, y })), smoothed: [] }];
  assert.equal(lossScale(curve([2.3, 2.1, 1.5, 900])), 'logarithmic');
  assert.equal(lossScale(curve([2.3, 2.1, 1.5, 3])), 'linear');
  assert.match(rangeMetricsUrl('/api/runs/r1/metrics', 200), /keys=lr%2Ctrain_loss%2Csmoothed_loss&max_points=1000$/);
});

test('the rate axis labels one tick a decade', () => {
  assert.deepEqual([1e-4, 2e-4, 1e-3, 0.5, 1, 10].map(isDecade), [true, false, true, false, true, true]);
});

test('axis ticks are as short as their numbers', () => {
  assert.deepEqual([1e-5, 0.001, 0.7, 1000, 30].map(tickLabel), ['1e-5', '0.001', '0.7', '1000', '30']);
});

test('labels of suggestions close together are stacked, not printed over each other', () => {
  const lines = suggestionLines(FOUND);
  assert.deepEqual(['valley', 'steepest', 'min_div_10'].map((m) => lines[`method-${m}`].label.yAdjust), [0, 24, 48]);
});
