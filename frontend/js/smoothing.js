/**
 * Smoothing of noisy per-step series that respects the schedule's restarts.
 * @module smoothing
 */

/**
 * Debiased exponential moving average of `points` (TensorBoard's smoothing), started afresh at every restart.
 *
 * A restart lifts the learning rate back to its peak and the loss jumps with it; an average carried across the
 * restart would smear that jump over the steps after it and hide exactly what a researcher looks for. Each segment
 * between restarts is therefore averaged on its own, and debiased, so its first smoothed value is its first raw one.
 * Points whose value is not a finite number are passed through as `null` and do not move the average.
 *
 * @param {Array<{x: number, y: number}>} points in ascending `x`
 * @param {number} weight how much of the previous average each step keeps, in `[0, 1)`; 0 leaves the series raw
 * @param {number[]} [restarts] the `x` (step) of each restart: the first point at or after it starts a new average
 * @returns {Array<{x: number, y: number|null}>} one smoothed point per input point
 */
export function smoothWithRestarts(points, weight, restarts = []) {
  if (!(weight >= 0 && weight < 1)) {
    throw new RangeError(`weight must be in [0, 1) but was ${weight}`);
  }
  const boundaries = [...restarts].sort((a, b) => a - b);
  let next = 0;
  let average = 0;
  let count = 0;
  return points.map(({ x, y }) => {
    while (next < boundaries.length && boundaries[next] <= x) {
      next++;
      average = 0;
      count = 0;
    }
    if (!Number.isFinite(y)) {
      return { x, y: null };
    }
    average = weight * average + (1 - weight) * y;
    count++;
    return { x, y: weight === 0 ? y : average / (1 - weight ** count) };
  });
}
