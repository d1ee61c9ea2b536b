import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summariseHealth } from '../js/health.js';

test('an all-UP document reads as UP', () => {
  const health = { status: 'UP', components: { db: { status: 'UP' }, ping: { status: 'UP' } } };
  assert.deepEqual(summariseHealth(health), { state: 'UP', text: 'UP' });
});

test('components that are not UP are named', () => {
  const health = { status: 'DOWN', components: { db: { status: 'DOWN' }, ping: { status: 'UP' } } };
  assert.deepEqual(summariseHealth(health), { state: 'DOWN', text: 'DOWN (db DOWN)' });
});

test('a missing or empty document reads as UNKNOWN', () => {
  assert.deepEqual(summariseHealth(undefined), { state: 'UNKNOWN', text: 'UNKNOWN' });
  assert.deepEqual(summariseHealth({}), { state: 'UNKNOWN', text: 'UNKNOWN' });
});
