/**
 * The band a downsampled series spans.
 * @module envelope
 */

/**
 * The lower and upper edges of a downsampled series: each bucket's `min` and `max` at its `x`.
 *
 * The API answers a long series with one point per bucket of steps, carrying the bucket's last value and its
 * extremes. Drawing the extremes as a band keeps a spike visible that the last value alone would hide.
 *
 * @param {Array<{step: number, value: number, min?: number, max?: number}>} points the API's points, in step order
 * @param {(point: object) => number} [xOf] the `x` of a point (its step by default)
 * @returns {{lower: Array<{x: number, y: number}>, upper: Array<{x: number, y: number}>}|null} the band, or `null`
 *   when no point stands for a bucket
 */
export function envelopeOf(points, xOf = (point) => point.step) {
  if (!points.some((point) => point.min !== undefined && point.max !== undefined)) {
    return null;
  }
  const lower = [];
  const upper = [];
  for (const point of points) {
    const x = xOf(point);
    lower.push({ x, y: point.min ?? point.value });
    upper.push({ x, y: point.max ?? point.value });
  }
  return { lower, upper };
}
