import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  STARTER, aroundRun, countText, parameterRequest, parseValues, ratesAround, sweepBody, sweptPaths,
} from '../js/sweep-form.js';
import { bestRunIds, formatParam, logRange, logTickShown, parameterPoints, parameterScale, progressText, rungLines,
  setupFacts } from '../js/sweep-page.js';

/** A sweep as the API gives it: a 2×2 grid with one pruned trial, one running and one waiting. */
function sweep() {
  const trial = (index, tMult, baseLr, status, metric, rungs = []) => ({
    index, run_id: status === 'PENDING' ? null : `r${index}`, params: { 'schedule.t_mult': tMult, 'schedule.base_lr': baseLr },
    seed: 42, status, metric, rungs, decision: rungs.length ? { action: rungs.at(-1).action } : null,
  });
  return {
    status: 'RUNNING', method: 'grid', seed: 0, seeds: 1, parallelism: 2, run_cap: null,
    metric: { name: 'val_loss', goal: 'minimize' },
    parameters: { 'schedule.t_mult': { values: [1, 2] }, 'schedule.base_lr': { values: [0.2, 0.001] } },
    early_terminate: { type: 'asha', rung: 'cycle_end', eta: 3, grace: 1, min_peers: 3 },
    counts: { PENDING: 1, QUEUED: 0, RUNNING: 1, SUCCEEDED: 1, FAILED: 0, CANCELLED: 0, PRUNED: 1 },
    trials: [
      trial(0, 1, 0.2, 'SUCCEEDED', 0.3, [{ epoch: 1.5, value: 0.5, action: 'continued' }, { epoch: 3, value: 0.3, action: 'continued' }]),
      trial(1, 1, 0.001, 'PRUNED', 0.69, [{ epoch: 1.5, value: 0.69, action: 'stopped' }]),
      trial(2, 2, 0.2, 'RUNNING', null, [{ epoch: 1.5, value: 0.45, action: 'continued' }]),
      trial(3, 2, 0.001, 'PENDING', null),
    ],
  };
}

test('a parameter chart plots each trial with a result, pruned ones at the value they were stopped at', () => {
  const points = parameterPoints(sweep(), 'schedule.base_lr');

  assert.deepEqual(points, [
    { x: 0.2, y: 0.3, trial: 0, pruned: false },
    { x: 0.001, y: 0.69, trial: 1, pruned: true },
  ]);
});

test('rates spanning a decade get a log axis, other numbers a linear one, and names categories', () => {
  assert.equal(parameterScale({ values: [0.2, 0.001] }), 'logarithmic');
  assert.equal(parameterScale({ values: [1, 2] }), 'linear');
  assert.equal(parameterScale({ values: [0.0167, 0.05, 0.15] }), 'logarithmic');
  assert.equal(parameterScale({ values: ['sgd', 'adamw'] }), 'category');
  assert.equal(parameterScale({ distribution: 'log_uniform', min: 1e-4, max: 1 }), 'logarithmic');
  assert.equal(parameterScale({ distribution: 'int_uniform', min: 1, max: 4 }), 'linear');
  assert.equal(parameterPoints({ ...sweep(), parameters: { 'optimizer.name': { values: ['sgd'] } },
    trials: [{ ...sweep().trials[0], params: { 'optimizer.name': 'sgd' } }] }, 'optimizer.name')[0].x, 'sgd');
});

test('each trial that reached a rung is a line of its values against the epochs', () => {
  const lines = rungLines(sweep());

  assert.deepEqual(lines.map((line) => line.trial), [0, 1, 2]);
  assert.deepEqual(lines[0].points, [{ x: 1.5, y: 0.5 }, { x: 3, y: 0.3 }]);
  assert.equal(lines[1].pruned, true);
});

test('compare the best takes finished trials only, best first by the goal', () => {
  const s = sweep();
  s.trials.push({ ...s.trials[0], index: 4, run_id: 'r4', metric: 0.25 });

  assert.deepEqual(bestRunIds(s, 3), ['r4', 'r0']);
  assert.deepEqual(bestRunIds({ ...s, metric: { name: 'val_acc', goal: 'maximize' } }, 1), ['r0']);
});

test('the page says how far the sweep got and how it searches', () => {
  assert.equal(progressText(sweep()), '2 of 4 trials ended · 1 running · 1 pruned');
  const facts = Object.fromEntries(setupFacts(sweep()).map((f) => [f.label, f.text]));
  assert.equal(facts['early stopping'], 'ASHA at cycle ends: eta 3, grace 1 epoch, min_peers 3');
  assert.equal(facts['judged by'], 'val_loss (minimize)');
  assert.equal(formatParam(0.000123456), '0.0001235');
  assert.equal(formatParam(0.00001), '1e-5');
  assert.equal(formatParam(0.2), '0.2');
  assert.equal(formatParam([64, 32]), '64, 32');
});

test('listed values are JSON where they are JSON and text otherwise, split at top-level commas', () => {
  assert.deepEqual(parseValues('1, 2.5, true'), [1, 2.5, true]);
  assert.deepEqual(parseValues('sgd, adamw'), ['sgd', 'adamw']);
  assert.deepEqual(parseValues('[64, 32], [128]'), [[64, 32], [128]]);
  assert.deepEqual(parseValues(' , '), []);
  assert.deepEqual(parameterRequest({ kind: 'log_uniform', min: '0.001', max: '' }),
    { distribution: 'log_uniform', min: 0.001, max: null });
});

test('the form state becomes the request, empty fields left to the server', () => {
  const body = sweepBody({
    name: ' lr-sweep ', experiment: '', method: 'grid', run_cap: '', seed: '0', seeds: '2', parallelism: '3',
    metric: 'val_acc', base: { schedule: { base_lr: 0.1, t_max: 1 } }, asha: true, rung: 'cycle_end',
    eta: '3', grace: '1', minPeers: '3',
    parameters: [{ path: 'schedule.t_mult', kind: 'values', values: '1, 2' }, { path: ' ', kind: 'values', values: '' }],
  });

  assert.deepEqual(body, {
    base: { schedule: { base_lr: 0.1, t_max: 1 } }, method: 'grid', name: 'lr-sweep', seed: 0, seeds: 2,
    parallelism: 3, parameters: { 'schedule.t_mult': { values: [1, 2] } }, metric: { name: 'val_acc' },
    early_terminate: { type: 'asha', rung: 'cycle_end', eta: 3, grace: 1, min_peers: 3 },
  });
  assert.equal(sweepBody({ base: {}, method: 'grid', parameters: [], asha: false }).early_terminate, undefined);
});

test('the base fields a sweep varies are the paths its rows name, trimmed, each once', () => {
  const swept = sweptPaths([{ path: ' schedule.t_mult ' }, { path: '' }, { path: 'schedule.t_mult' },
    { path: 'schedule.base_lr' }]);

  assert.deepEqual([...swept], ['schedule.t_mult', 'schedule.base_lr']);
});

test('sweeping around a training run varies its rate a factor of three and t_mult', () => {
  const start = aroundRun({ kind: 'training', name: 'fmnist', experiment: 'e1',
    config: { name: 'fmnist', tags: ['x'], kind: 'training', experiment: 'e1', schedule: { kind: 'cosine', base_lr: 0.06 },
      training: { epochs: 3 } } });

  assert.equal(start.name, 'fmnist-sweep');
  assert.equal(start.experiment, 'e1');
  assert.deepEqual(Object.keys(start.base), ['schedule', 'training']);
  assert.deepEqual(start.parameters.map((p) => [p.path, p.values]),
    [['schedule.base_lr', '0.02, 0.06, 0.18'], ['schedule.t_mult', '1, 2']]);
  assert.deepEqual(ratesAround(0.001), [0.000333, 0.001, 0.003]);
});

test('sweeping around a range test starts from its hinted schedule and its data, model and optimizer', () => {
  const start = aroundRun({ kind: 'lr_range_test', name: 'range', experiment: 'e1',
    summary: { range_test: { schedule_hint: { base_lr: 0.0123456, eta_min: 0.000123456 } } },
    config: { kind: 'lr_range_test', dataset: { name: 'fashion-mnist' }, model: { name: 'cnn' },
      optimizer: { name: 'sgd' }, training: { epochs: 1 }, range_test: { start_lr: 1e-7 } } });

  assert.equal(start.base.range_test, undefined);
  assert.deepEqual(start.base.schedule, { base_lr: 0.0123, eta_min: 0.000123, t_max: 1, unit: 'epoch' });
  assert.equal(start.parameters[0].values, '0.00412, 0.0123, 0.037');
  assert.equal(countText({ trials: 12, configurations: 6, total_steps: 5112 }, 2),
    '12 trials (6 configurations × 2 seeds), 5,112 steps at most');
  assert.equal(countText({ trials: 1, configurations: 1, total_steps: 40 }, 1), '1 trial, 40 steps at most');
});

test('sweeping around a script\'s run trains Anneal\'s own model and data along the schedule read from its rate', () => {
  const start = aroundRun({ kind: 'external', name: 'resnet-sgdr', experiment: 'e1',
    config: { kind: 'external', name: 'resnet-sgdr' },
    schedule: { kind: 'cosine', base_lr: 0.1, eta_min: 0.0010000000000000005, t_max: 10, t_mult: 2, unit: 'step',
      source: 'inferred',
      rate_key: 'lr-SGD', rate_points: 151, max_relative_deviation: 1e-16, departures: [] } });

  assert.equal(start.name, 'resnet-sgdr-sweep');
  assert.deepEqual(start.base.schedule, { kind: 'cosine', base_lr: 0.1, eta_min: 0.001, t_max: 10, t_mult: 2,
    unit: 'step' });
  assert.deepEqual(start.base.model, STARTER.base.model);
  assert.deepEqual(start.base.dataset, STARTER.base.dataset);
  assert.equal(start.base.kind, undefined);
  assert.deepEqual(start.parameters.map((p) => [p.path, p.values]),
    [['schedule.base_lr', '0.0333, 0.1, 0.3'], ['schedule.t_mult', '1, 2']]);
  assert.match(start.note, /inferred schedule of the script's run resnet-sgdr/);

  const unread = aroundRun({ kind: 'external', name: 'no-rate', config: {}, schedule: { source: 'none' } });
  assert.deepEqual(unread.base.schedule, STARTER.base.schedule);
  assert.match(unread.note, /no schedule Anneal could read/);
});

test('a log axis holds every point with room either side, and labels what fits its span', () => {
  assert.deepEqual(logRange({ values: [0.03, 0.3] }, [0.03, 0.3]), [0.02, 0.44999999999999996]);
  assert.deepEqual(logRange({ distribution: 'log_uniform', min: 1e-4, max: 1e-1 }, [0.002]), [1e-4 / 1.5, 0.1 * 1.5]);
  assert.equal(logTickShown(0.01, 1000), true);
  assert.equal(logTickShown(0.02, 1000), false);
  assert.equal(logTickShown(0.02, 20), true);
  assert.equal(logTickShown(0.05, 20), true);
  assert.equal(logTickShown(0.03, 20), false);
});
