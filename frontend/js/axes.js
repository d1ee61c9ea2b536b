/**
 * What a chart's horizontal axis counts: optimizer steps, epochs, or the position within the schedule's cycles.
 * @module axes
 */

/** The axes a chart can be drawn against. */
export const AXES = Object.freeze(['step', 'epoch', 'cycle']);

/**
 * The position of every step within the schedule's cycles, from a run's `cycle` and `cycle_pos` series: cycle `k`
 * spans `[k, k + 1)`, so cycle `k` of several runs overlays however long their cycles are. Warmup, which the
 * series log as cycle 0 at position 0, spans `[-1, 0)` in proportion to its steps when its end is known.
 *
 * @param {Array<{step: number, value: number}>} cycles the `cycle` series (the cycle index at each step)
 * @param {Array<{step: number, value: number}>} positions the `cycle_pos` series (fraction of the cycle, `[0, 1]`)
 * @param {number|null} [warmupEnd] the step at which warmup ended (its `WARMUP_END` event), if the run warmed up
 * @returns {(step: number) => number|null} the aligned position of a step: that of the last logged step at or
 *   before it, or `null` before the first
 */
export function cycleAlignment(cycles, positions, warmupEnd = null) {
  const indexByStep = new Map(cycles.map((point) => [point.step, point.value]));
  const aligned = positions
    .filter((point) => indexByStep.has(point.step))
    .map((point) => ({
      step: point.step,
      x: warmupEnd !== null && warmupEnd > 0 && point.step < warmupEnd
        ? -1 + point.step / warmupEnd
        : indexByStep.get(point.step) + Math.min(point.value, 1),
    }));
  return (step) => {
    let low = 0;
    let high = aligned.length - 1;
    let found = null;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (aligned[middle].step <= step) {
        found = aligned[middle].x;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  };
}

/**
 * A function giving a point's `x` on `axis`.
 *
 * @param {string} axis one of {@link AXES}
 * @param {(step: number) => number|null} [alignment] for the `cycle` axis, from {@link cycleAlignment}
 * @returns {(point: {step: number, epoch: number}) => number|null}
 */
export function xOf(axis, alignment) {
  switch (axis) {
    case 'step':
      return (point) => point.step;
    case 'epoch':
      return (point) => point.epoch;
    case 'cycle':
      if (!alignment) {
        throw new TypeError('the cycle axis needs the run\'s cycle alignment');
      }
      return (point) => alignment(point.step);
    default:
      throw new RangeError(`axis must be one of ${AXES.join(', ')} but was ${axis}`);
  }
}

/** A label for the axis, for a chart's title and a screen reader. */
export function axisTitle(axis) {
  return { step: 'optimizer step', epoch: 'epoch', cycle: 'position in cycle (cycle k spans k … k+1)' }[axis];
}

/**
 * The x-range that holds every point of every series, for a chart stack drawn unzoomed: the last evaluation of a
 * run is logged one step after its last optimizer step, so the rate series alone would leave it off the charts.
 *
 * @param {Array<Array<{step: number, epoch: number}>>} seriesList each series' points, in step order
 * @param {(point: {step: number, epoch: number}) => number|null} x from {@link xOf}
 * @returns {{min: number, max: number}|null} `null` when no series has a point
 */
export function extentOf(seriesList, x) {
  let min = Infinity;
  let max = -Infinity;
  for (const points of seriesList) {
    for (const point of points) {
      const value = x(point);
      if (value !== null && value !== undefined && Number.isFinite(value)) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
  }
  return min <= max ? { min, max } : null;
}

/** Whether `value` is a power of ten (to rounding): where the rate axis labels its ticks. */
export function isDecade(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/** An axis tick: as short as the number allows (`0.001`, `300`, `1e-5`). */
export function tickLabel(value) {
  return value !== 0 && Math.abs(value) < 1e-4 ? value.toExponential() : String(Number(value.toPrecision(3)));
}
