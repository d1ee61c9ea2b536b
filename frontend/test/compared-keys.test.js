import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keysNote, keysToRead, pointsPerSeries, seriesByRole } from '../js/compared-keys.js';

const TRAINED = { kind: 'training', schedule: { kind: 'cosine', source: 'launched' } };
const SCRIPTED = { kind: 'external', schedule: { kind: 'cosine', source: 'inferred', rate_key: 'lr-SGD' } };
const points = (...steps) => steps.map((step) => ({ step, value: step / 10 }));

test('each series is read at a thousand points for a few runs and fewer for many, never under 200', () => {
  assert.equal(pointsPerSeries(2), 1000);
  assert.equal(pointsPerSeries(30), 1000);
  assert.equal(pointsPerSeries(60), 500);
  assert.equal(pointsPerSeries(100), 300);
  assert.equal(pointsPerSeries(1000), 200);
});

test('a trained run is read by the names Anneal logs', () => {
  assert.deepEqual(keysToRead(TRAINED), ['lr', 'train_loss', 'val_loss']);
});

test('a script\'s run is read by its rate key and every usual name of its losses, within the API\'s bound', () => {
  const keys = keysToRead(SCRIPTED);

  assert.equal(keys[0], 'lr-SGD');
  assert.ok(keys.includes('loss') && keys.includes('eval_loss'));
  assert.equal(new Set(keys).size, keys.length);
  assert.ok(keys.length <= 50);
  assert.ok(!keysToRead({ kind: 'external', schedule: { source: 'none' } }).includes(undefined));
});

test('each chart draws the first of its names that holds points, and the legend names it', () => {
  const read = new Map([
    ['lr-SGD', points(0, 1, 2)],
    ['lr', []],
    ['train_loss', []],
    ['loss', points(0, 1, 2)],
    ['eval_loss', points(2)],
  ]);

  const { series, keys } = seriesByRole(SCRIPTED, read);

  assert.deepEqual(series.get('lr'), points(0, 1, 2));
  assert.deepEqual(series.get('train_loss'), points(0, 1, 2));
  assert.deepEqual(series.get('val_loss'), points(2));
  assert.equal(keysNote(keys), 'rate lr-SGD, training loss loss, validation loss eval_loss');
});

test('a trained run keeps its own names, and its legend says nothing of them', () => {
  const read = new Map([['lr', points(0)], ['train_loss', points(0)], ['loss', points(0)], ['val_loss', []]]);

  const { series, keys } = seriesByRole(TRAINED, read);

  assert.deepEqual(series.get('val_loss'), []);
  assert.equal(keysNote(keys), null);
});
