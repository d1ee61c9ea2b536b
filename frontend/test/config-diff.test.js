import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffConfigs, flatten } from '../js/config-diff.js';

test('nested settings flatten to dotted paths; arrays stay whole', () => {
  const flat = flatten({ schedule: { base_lr: 0.1, t_mult: 2 }, model: { name: 'mlp', hidden: [64, 64] } });
  assert.deepEqual([...flat], [
    ['schedule.base_lr', 0.1], ['schedule.t_mult', 2], ['model.name', 'mlp'], ['model.hidden', [64, 64]],
  ]);
});

test('rows name every path, each run\'s value, and whether they differ', () => {
  const rows = diffConfigs([
    { schedule: { base_lr: 0.1, t_mult: 2 }, model: { hidden: [64, 64] } },
    { schedule: { base_lr: 0.1, t_mult: 1 }, model: { hidden: [64, 32] } },
  ]);
  assert.deepEqual(rows, [
    { path: 'model.hidden', values: [[64, 64], [64, 32]], differs: true },
    { path: 'schedule.base_lr', values: [0.1, 0.1], differs: false },
    { path: 'schedule.t_mult', values: [2, 1], differs: true },
  ]);
});

test('a setting only one run has differs', () => {
  const rows = diffConfigs([{ schedule: { cycle_limit: 3 } }, { schedule: {} }]);
  assert.deepEqual(rows, [{ path: 'schedule.cycle_limit', values: [3, undefined], differs: true }]);
});

test('a rule one run leaves off shows as its parts missing, not as a row of its own', () => {
  const rows = diffConfigs([
    { schedule: { restart_on_plateau: null } },
    { schedule: { restart_on_plateau: { patience: 2 } } },
  ]);

  assert.deepEqual(rows.map((row) => [row.path, row.values, row.differs]),
    [['schedule.restart_on_plateau.patience', [undefined, 2], true]]);
});
