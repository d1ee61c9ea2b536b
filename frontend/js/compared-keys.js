/**
 * Which series of a run the compare page draws as its rate, training loss and validation loss. A run Anneal trained
 * logs them as `lr`, `train_loss` and `val_loss`; a script's run logs its rate under the key its schedule was read
 * from, and its losses under whatever names its script chose, of which the usual ones are tried in order.
 * @module compared-keys
 */

/** The charts of the compare page, each with the names a script's run may have logged it under, likeliest first. */
export const ROLES = Object.freeze({
  lr: Object.freeze(['lr', 'learning_rate']),
  train_loss: Object.freeze(['train_loss', 'loss', 'training_loss', 'train/loss', 'train_loss_step', 'loss/train']),
  val_loss: Object.freeze(['val_loss', 'validation_loss', 'eval_loss', 'valid_loss', 'val/loss', 'loss/val']),
});

/** Points a chart draws in all, at most: a thousand per run for up to 30 runs, fewer for each run past that. */
export const POINTS_PER_CHART = 30000;

/**
 * How many points (buckets) to read of each series when `runs` runs are compared: a run's line spans the chart's
 * width either way, and a hundred lines of a thousand points each cost the page a second in reading and drawing while
 * showing no more than three hundred each (every bucket keeps its min and max, so no spike is lost).
 * @param {number} runs how many runs are compared
 * @returns {number} between 200 and 1000
 */
export function pointsPerSeries(runs) {
  return Math.max(200, Math.min(1000, Math.floor(POINTS_PER_CHART / Math.max(1, runs))));
}

/** Whether the run was logged from outside rather than trained by Anneal. */
const isScripted = (view) => view.kind === 'external';

/**
 * The keys to read for a run: for a trained run, one per chart; for a script's run, its rate key and every name its
 * losses may have.
 * @param {object} view the run as `GET /api/compare` gives it
 * @returns {string[]} distinct keys, at most 50 (the metrics API's bound)
 */
export function keysToRead(view) {
  if (!isScripted(view)) {
    return Object.keys(ROLES);
  }
  const rateKey = view.schedule?.rate_key;
  return [...new Set([...(rateKey ? [rateKey] : []), ...Object.values(ROLES).flat()])];
}

/**
 * The series drawn for each chart, from those read: the first of a role's names that holds points.
 * @param {object} view the run as `GET /api/compare` gives it
 * @param {Map<string, Array<object>>} series the points read, by key
 * @returns {{series: Map<string, Array<object>>, keys: Map<string, string>}} points by role (`lr`, `train_loss`,
 *   `val_loss`), and the key each was read from, for the legend to name
 */
export function seriesByRole(view, series) {
  const byRole = new Map();
  const keys = new Map();
  for (const [role, names] of Object.entries(ROLES)) {
    const candidates = role === 'lr' && isScripted(view) && view.schedule?.rate_key
      ? [view.schedule.rate_key, ...names]
      : names;
    const found = candidates.find((name) => (series.get(name) ?? []).length > 0);
    byRole.set(role, found ? series.get(found) : []);
    if (found) {
      keys.set(role, found);
    }
  }
  return { series: byRole, keys };
}

/**
 * What the legend says of the keys a run's charts were read from, where one is not the chart's own name: a reader
 * of a script's run should know its `loss` stands for the training loss.
 * @param {Map<string, string>} keys the key of each role, from {@link seriesByRole}
 * @returns {string|null} `rate lr-SGD, training loss loss`, or `null` when every chart reads its own name
 */
export function keysNote(keys) {
  const words = { lr: 'rate', train_loss: 'training loss', val_loss: 'validation loss' };
  const renamed = [...keys].filter(([role, key]) => role !== key).map(([role, key]) => `${words[role]} ${key}`);
  return renamed.length > 0 ? renamed.join(', ') : null;
}
