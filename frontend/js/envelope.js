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

/**
 * Chart.js datasets that shade a band: its lower edge (drawn invisibly) and its upper edge filled down to it. Put
 * them after the series they belong to; they stay out of the legend (`hiddenInLegend`).
 *
 * @param {{lower: Array<{x: number, y: number}>, upper: Array<{x: number, y: number}>}|null} band from {@link envelopeOf}
 * @param {string} label the series' name
 * @param {string} fill the band's colour, translucent
 * @returns {object[]} two datasets, or none without a band
 */
export function bandDatasets(band, label, fill) {
  if (!band) {
    return [];
  }
  const edge = { borderWidth: 0, pointRadius: 0, borderColor: 'transparent', hiddenInLegend: true };
  return [
    { ...edge, label: `${label}, bucket min`, data: band.lower, backgroundColor: 'transparent' },
    { ...edge, label: `${label}, bucket max`, data: band.upper, backgroundColor: fill, fill: '-1' },
  ];
}
