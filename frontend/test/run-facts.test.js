import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cycleEndTable, formatByKey, formatDuration, formatPercent, formatSignificant, formatStep, provenanceFacts,
  summaryFacts,
} from '../js/run-facts.js';

test('durations read as seconds, minutes and hours', () => {
  assert.equal(formatDuration(11.751), '11.8 s');
  assert.equal(formatDuration(7.9236), '7.92 s');
  assert.equal(formatDuration(760), '12 min 40 s');
  assert.equal(formatDuration(120), '2 min');
  assert.equal(formatDuration(7500), '2 h 5 min');
});

test('rates to three significant digits, accuracies as percentages', () => {
  assert.equal(formatSignificant(0.0015216), '0.00152');
  assert.equal(formatSignificant(0.1), '0.1');
  assert.equal(formatSignificant(0.000012345), '1.23e-5');
  assert.equal(formatPercent(0.85333), '85.33 %');
  assert.equal(formatStep(1500, 250), 'step 1,500 · epoch 6');
  assert.equal(formatStep(1625, 250), 'step 1,625 · epoch 6.5');
  assert.equal(formatStep(40, undefined), 'step 40');
});

test('a summary reads as facts, each best figure with its step and epoch, each fact once', () => {
  const summary = {
    steps: 3000, final_lr: 0.0015216, restarts: 5, plateau_restarts: 1, test_acc: 0.99767, best_val_acc: 0.999,
    wall_seconds: 11.751, best_val_loss: 0.025782, parameter_count: 4547, best_val_acc_step: 1500,
    best_val_loss_step: 3000, dataset_fingerprint: { seed: '5', generator: 'synthetic-spirals' },
    averaged: { from_epoch: 10, epochs: 3, val_loss: 0.0301234, val_acc: 0.9981 },
  };

  assert.deepEqual(summaryFacts(summary, 250), [
    { label: 'best validation loss', text: '0.02578 at step 3,000 · epoch 12' },
    { label: 'best validation accuracy', text: '99.90 % at step 1,500 · epoch 6' },
    { label: 'test accuracy', text: '99.77 %' },
    { label: 'final learning rate', text: '0.00152' },
    { label: 'restarts', text: '5 (1 on plateau)' },
    { label: 'steps', text: '3,000' },
    { label: 'training time', text: '11.8 s' },
    { label: 'parameters', text: '4,547' },
    { label: 'averaged.from_epoch', text: '10' },
    { label: 'averaged.epochs', text: '3' },
    { label: 'averaged.val_loss', text: '0.03012' },
    { label: 'averaged.val_acc', text: '99.81 %' },
  ]);
});

test('a snapshot ensemble reads beside the last weights, each snapshot by its epoch', () => {
  const summary = {
    test_acc: 0.9285,
    snapshots: [
      { step: 8440, epoch: 20, cycle: 19, val_loss: 0.2, val_acc: 0.93, test_acc: 0.927 },
      { step: 9706, epoch: 23, cycle: 22, val_loss: 0.19, val_acc: 0.934, test_acc: 0.9285 },
    ],
    ensemble: { members: 2, val_loss: 0.181234, val_acc: 0.9371, test_acc: 0.9342, seconds: 74.2 },
  };

  assert.deepEqual(summaryFacts(summary, 422), [
    { label: 'test accuracy (last weights)', text: '92.85 %' },
    { label: 'snapshot ensemble',
      text: '93.42 % test, 93.71 % validation (loss 0.1812): 2 snapshots, evaluated in 1 min 14 s' },
    { label: 'snapshots', text: 'epoch 20: 92.70 % · epoch 23: 92.85 %' },
  ]);
  const regression = summaryFacts({ ensemble: { members: 3, val_loss: 0.5, val_acc: null, test_acc: null, seconds: 2 } });
  assert.deepEqual(regression, [
    { label: 'snapshot ensemble', text: 'validation loss 0.5: 3 snapshots, evaluated in 2 s' },
  ]);
});

test('an empty summary has no facts', () => {
  assert.deepEqual(summaryFacts({}, 100), []);
  assert.deepEqual(summaryFacts(null, 100), []);
});

test('provenance shortens checksums and keeps the whole value', () => {
  const hash = 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888';
  const facts = provenanceFacts({
    dataset_fingerprint: { 'train-images-idx3-ubyte.gz': hash, limit: '1000' },
    code_version: '0.1.0 built 2026-12-02', device: 'cpu()', worker: '19324@vm',
  });

  assert.deepEqual(facts, [
    { label: 'dataset train-images-idx3-ubyte.gz', text: 'c59f468a2f67…', full: hash },
    { label: 'dataset limit', text: '1000' },
    { label: 'code version', text: '0.1.0 built 2026-12-02' },
    { label: 'device', text: 'cpu()' },
    { label: 'worker', text: '19324@vm' },
  ]);
});

test('a figure reads by what its key says it is, as the compare page shows results', () => {
  assert.equal(formatByKey('test_acc', 0.997), '99.70 %');
  assert.equal(formatByKey('final_lr', 8.5375e-7), '8.54e-7');
  assert.equal(formatByKey('wall_seconds', 2.4441), '2.44 s');
  assert.equal(formatByKey('steps', 12000), '12,000');
});

test('a script\'s cycle ends read as a table: a column per metric any cycle logged, blank where one did not', () => {
  const { columns, rows } = cycleEndTable([
    { cycle: 0, step: 10, values: { loss: 1.25, val_acc: 0.5 } },
    { cycle: 1, step: 30, values: { loss: 0.75 } },
  ]);

  assert.deepEqual(columns, ['cycle', 'ends at step', 'loss', 'val_acc']);
  assert.deepEqual(rows, [['0', '10', '1.25', '50.00 %'], ['1', '30', '0.75', null]]);
  assert.deepEqual(cycleEndTable(undefined), { columns: ['cycle', 'ends at step'], rows: [] });
  assert.ok(!summaryFacts({ steps: 30, cycle_ends: [{ cycle: 0, step: 10, values: {} }] })
    .some((fact) => fact.label.startsWith('cycle_ends')), 'not flattened into the summary facts');
});
