/**
 * Colours that tell up to twenty runs apart.
 * @module palette
 */

const COLOURS = [
  '#1d4ed8', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#be185d', '#4d7c0f', '#475569',
  '#60a5fa', '#fb923c', '#4ade80', '#a78bfa', '#f87171', '#22d3ee', '#facc15', '#f472b6', '#a3e635', '#94a3b8',
];

/**
 * The colour of the run in position `index` of a comparison: strong colours for the first ten, light ones after.
 * @param {number} index from 0
 * @returns {string}
 */
export function colourOf(index) {
  return COLOURS[index % COLOURS.length];
}
