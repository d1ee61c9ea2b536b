import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  belongsTo, bodyFrom, estimatedStepsPerEpoch, fieldTexts, parseField, previewRequest,
} from '../js/launch-form.js';

/** As the server tells the launch page (LaunchFacts). */
const DATASETS = { sizes: { 'fashion-mnist': 60000, 'synthetic-spirals': 24000 }, default_name: 'fashion-mnist' };

test('fields parse by kind; blanks are left for the server\'s defaults', () => {
  assert.equal(parseField(' 0.1 ', 'number'), 0.1);
  assert.equal(parseField('', 'number'), undefined);
  assert.equal(parseField('abc', 'number'), 'abc', 'passed on for the server to name');
  assert.deepEqual(parseField('256, 128', 'integers'), [256, 128]);
  assert.deepEqual(parseField('a, b,', 'texts'), ['a', 'b']);
  assert.equal(parseField('false', 'boolean'), false);
  assert.equal(parseField('true', 'boolean'), true);
});

test('the body nests fields by their dotted paths', () => {
  const body = bodyFrom([
    { path: 'name', value: 'sgdr', kind: 'text' },
    { path: 'schedule.base_lr', value: '0.1', kind: 'number' },
    { path: 'schedule.t_mult', value: '2', kind: 'number' },
    { path: 'schedule.cycle_limit', value: '', kind: 'integer' },
    { path: 'dataset.augment.horizontal_flip', value: 'true', kind: 'boolean' },
    { path: 'model.hidden', value: '64,64', kind: 'integers' },
  ]);
  assert.deepEqual(body, {
    name: 'sgdr',
    schedule: { base_lr: 0.1, t_mult: 2 },
    dataset: { augment: { horizontal_flip: true } },
    model: { hidden: [64, 64] },
  });
});

test('a run\'s config fills the fields back, lists comma-separated and nulls blank', () => {
  const texts = fieldTexts({ model: { name: 'mlp', hidden: [64, 32] }, training: { grad_clip_norm: null } });
  assert.equal(texts.get('model.hidden'), '64, 32');
  assert.equal(texts.get('model.name'), 'mlp');
  assert.equal(texts.get('training.grad_clip_norm'), '');
});

test('an epoch-based preview samples each epoch evenly; a step-based one uses the estimated steps', () => {
  const byEpoch = previewRequest({ schedule: { base_lr: 0.1, t_max: 1 }, training: { epochs: 7 } }, DATASETS);
  assert.deepEqual(byEpoch.request, {
    schedule: { base_lr: 0.1, t_max: 1 }, total_steps: 700, steps_per_epoch: 100,
  });
  const body = {
    dataset: { name: 'synthetic-spirals', limit: 2000, val_fraction: 0.2 },
    schedule: { base_lr: 0.1, t_max: 500, unit: 'step' },
    training: { epochs: 3, batch_size: 64 },
  };
  assert.equal(estimatedStepsPerEpoch(body, DATASETS), 25); // 1 600 training examples in batches of 64
  assert.deepEqual(previewRequest(body, DATASETS).request, { schedule: body.schedule, total_steps: 75 });
  // a dataset named by none takes the server's default: 54 000 of 60 000 images in batches of 128
  assert.equal(estimatedStepsPerEpoch({ training: {} }, DATASETS), 422);
});

test('no preview until the schedule has its two required numbers', () => {
  assert.equal(previewRequest({ schedule: { base_lr: 0.1 } }, DATASETS), null);
  assert.equal(previewRequest({ schedule: { base_lr: 'x', t_max: 1 } }, DATASETS), null);
});

test('each kind is previewed once its own required fields are filled in', () => {
  const training = { epochs: 4 };
  assert.equal(previewRequest({ schedule: { kind: 'step', base_lr: 0.1 }, training }, DATASETS), null);
  assert.notEqual(previewRequest({ schedule: { kind: 'step', base_lr: 0.1, step_size: 2 }, training }, DATASETS), null);
  assert.equal(previewRequest({ schedule: { kind: 'multistep', base_lr: 0.1, milestones: [] }, training }, DATASETS), null);
  assert.notEqual(
    previewRequest({ schedule: { kind: 'multistep', base_lr: 0.1, milestones: [2, 3] }, training }, DATASETS), null);
  assert.equal(previewRequest({ schedule: { kind: 'exponential', base_lr: 0.1 }, training }, DATASETS), null);
  assert.equal(previewRequest({ schedule: { kind: 'one_cycle', base_lr: 0.1 }, training }, DATASETS), null);
  assert.notEqual(previewRequest({ schedule: { kind: 'constant', base_lr: 0.1 }, training }, DATASETS), null);
  assert.notEqual(previewRequest({ schedule: { kind: 'linear', base_lr: 0.1 }, training }, DATASETS), null);
  // a kind the form does not know is still asked about: the server names it
  assert.notEqual(previewRequest({ schedule: { kind: 'sawtooth', base_lr: 0.1 }, training }, DATASETS), null);
});

test('a group of fields belongs to the kinds its data-kinds lists', () => {
  assert.equal(belongsTo('step multistep exponential', 'multistep'), true);
  assert.equal(belongsTo('step multistep exponential', 'step_size'), false);
  assert.equal(belongsTo('cosine', 'one_cycle'), false);
});

test('a config names its upload as the launch form offers it: a dataset by name, a model by name:version', async () => {
  const { uploadOf } = await import('../js/launch-fields.js');

  assert.equal(uploadOf({ uploaded: { id: 'x', name: 'iris', examples: 120 } }), 'iris');
  assert.equal(uploadOf({ uploaded: { id: 'y', name: 'small-cnn', version: '2' } }), 'small-cnn:2');
  assert.equal(uploadOf({ artifact: 'net:1' }), 'net:1');
  assert.equal(uploadOf({ name: 'fashion-mnist' }), null);
  assert.equal(uploadOf(undefined), null);
});

test('a step estimate of an uploaded dataset divides its own examples', async () => {
  const { estimatedStepsPerEpoch } = await import('../js/launch-form.js');
  const datasets = { sizes: { 'fashion-mnist': 60000 }, default_name: 'fashion-mnist', uploaded: { iris: 150 } };

  assert.equal(estimatedStepsPerEpoch({ dataset: { artifact: 'iris', val_fraction: 0.2 }, training: { batch_size: 10 } },
    datasets), 12);
});
