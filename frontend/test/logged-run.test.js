import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CHARTS, chartedKeys, departureBoxes, scheduleFacts } from '../js/logged-run-page.js';
import { comparedConfig, planOf } from '../js/schedule-reading.js';

/** As GET /api/runs/{id} gives an inferred schedule. */
const INFERRED = {
  kind: 'cosine',
  base_lr: 0.1,
  eta_min: 0.001,
  t_max: 10,
  t_mult: 2,
  unit: 'step',
  source: 'inferred',
  rate_key: 'lr-SGD',
  rate_points: 151,
  max_relative_deviation: 3.2e-16,
  departures: [],
};

test('the plan sent for a preview is the schedule without what the reading adds', () => {
  assert.deepEqual(planOf(INFERRED), {
    kind: 'cosine', base_lr: 0.1, eta_min: 0.001, t_max: 10, t_mult: 2, unit: 'step',
  });
  assert.equal(planOf({ source: 'none', note: 'logged no rate' }), null);
  assert.equal(planOf(undefined), null);
});

test('the schedule panel says where the schedule comes from and how close the logged rate keeps to it', () => {
  const rows = new Map(scheduleFacts({ ...INFERRED, departures: [{ from: 50, to: 99, worst: 0.9 }, { from: 120, to: 120 }] }));

  assert.equal(rows.get('source'), 'inferred');
  assert.equal(rows.get('rate logged as'), 'lr-SGD (151 points)');
  assert.equal(rows.get('largest relative deviation'), '3.20e-16');
  assert.equal(rows.get('departures'), '50–99, 120');
  assert.equal(rows.get('t_mult'), '2');
  assert.deepEqual(scheduleFacts(null), []);
});

test('every logged metric but the rate gets a chart, up to the page\'s bound', () => {
  const series = [{ key: 'lr' }, { key: 'loss' }, { key: 'acc' }];
  assert.deepEqual(chartedKeys(series, 'lr'), ['loss', 'acc']);
  assert.deepEqual(chartedKeys(series, undefined), ['lr', 'loss', 'acc']);
  const many = Array.from({ length: MAX_CHARTS + 5 }, (_, i) => ({ key: `m${i}` }));
  assert.equal(chartedKeys(many, 'lr').length, MAX_CHARTS);
});

test('a departure is a box over its steps, the first labelled', () => {
  const boxes = departureBoxes([{ from: 50, to: 99 }, { from: 120, to: 120 }]);
  assert.equal(boxes['departure-0'].xMin, 49.5);
  assert.equal(boxes['departure-0'].xMax, 99.5);
  assert.equal(boxes['departure-0'].label.content, 'off plan');
  assert.equal(boxes['departure-1'].label, undefined);
  assert.deepEqual(departureBoxes(undefined), {});
});

test('a comparison lists a script\'s run with the schedule read from its rate, a trained run as launched', () => {
  const trained = { kind: 'training', config: { schedule: { t_max: 1, unit: 'epoch' } }, schedule: { source: 'launched' } };
  const scripted = { kind: 'external', config: { kind: 'external', name: 'mine' }, schedule: INFERRED };

  assert.equal(comparedConfig(trained), trained.config);
  assert.deepEqual(comparedConfig(scripted), {
    kind: 'external',
    name: 'mine',
    schedule: { kind: 'cosine', base_lr: 0.1, eta_min: 0.001, t_max: 10, t_mult: 2, unit: 'step', source: 'inferred' },
  });
  assert.deepEqual(comparedConfig({ ...scripted, schedule: { source: 'none' } }), scripted.config);
});
