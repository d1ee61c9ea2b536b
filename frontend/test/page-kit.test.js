import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatValue } from '../js/page-kit.js';

test('table cells show integers whole, other numbers to five digits, lists joined, nothing as a dash', () => {
  assert.equal(formatValue(340), '340');
  assert.equal(formatValue(0.123456789), '0.12346');
  assert.equal(formatValue(1e-8), '1e-8');
  assert.equal(formatValue([256, 128]), '256, 128');
  assert.equal(formatValue({ train: 'abc' }), '{"train":"abc"}');
  assert.equal(formatValue(null), '—');
  assert.equal(formatValue(undefined), '—');
  assert.equal(formatValue(false), 'false');
  assert.equal(formatValue('sgd'), 'sgd');
});
