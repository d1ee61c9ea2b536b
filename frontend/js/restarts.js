/**
 * The schedule's restarts as vertical lines on a chart.
 * @module restarts
 */

/** The event kinds that start a new cycle. */
const RESTART_KINDS = new Set(['RESTART', 'PLATEAU_RESTART']);

/**
 * The steps at which a new cycle began, for {@link module:smoothing.smoothWithRestarts}.
 * @param {Array<{kind: string, step: number}>} events a run's schedule events
 * @returns {number[]}
 */
export function restartSteps(events) {
  return events.filter((event) => RESTART_KINDS.has(event.kind)).map((event) => event.step);
}

/**
 * One Chart.js annotation line per restart, at the event's position on the chart's axis. A scheduled restart is
 * labelled with the cycle it starts; a plateau restart with its reason, in a colour of its own.
 *
 * @param {Array<{kind: string, step: number, epoch: number, cycle?: number, reason?: string}>} events
 * @param {(point: {step: number, epoch: number}) => number|null} xOf the event's `x` on the chart's axis
 * @param {{labels?: boolean}} [options] whether to draw the labels (one chart of a stack is enough)
 * @returns {Object<string, object>} annotations keyed by a stable id, for `options.plugins.annotation.annotations`
 */
export function restartLines(events, xOf, { labels = true } = {}) {
  const lines = {};
  for (const event of events) {
    if (!RESTART_KINDS.has(event.kind)) {
      continue;
    }
    const x = xOf(event);
    if (x === null || x === undefined) {
      continue;
    }
    const plateau = event.kind === 'PLATEAU_RESTART';
    lines[`restart-${event.step}`] = {
      type: 'line',
      scaleID: 'x',
      value: x,
      borderColor: plateau ? 'rgba(161, 98, 7, 0.8)' : 'rgba(91, 100, 117, 0.55)',
      borderWidth: 1,
      borderDash: plateau ? [] : [4, 4],
      label: {
        display: labels,
        content: plateau ? `plateau → cycle ${event.cycle}: ${event.reason}` : `cycle ${event.cycle}`,
        position: 'start',
        font: { size: 10 },
        backgroundColor: plateau ? 'rgba(161, 98, 7, 0.85)' : 'rgba(29, 35, 48, 0.7)',
      },
    };
  }
  return lines;
}

/**
 * One Chart.js line per snapshot a run kept for its ensemble, where it was taken (the end of a cycle, or of the run),
 * labelled at the bottom of the chart, where the rate sat at its cycle's floor; the cycles' labels are at the top.
 *
 * @param {Array<{step: number, epoch: number}>} snapshots the summary's snapshots, oldest first
 * @param {(point: {step: number, epoch: number}) => number|null} xOf the snapshot's `x` on the chart's axis
 * @param {{labels?: boolean}} [options] whether to draw the labels
 * @returns {Object<string, object>} annotations keyed by a stable id
 */
export function snapshotLines(snapshots, xOf, { labels = true } = {}) {
  const lines = {};
  (snapshots ?? []).forEach((snapshot, index) => {
    const x = xOf({ step: snapshot.step, epoch: snapshot.epoch });
    if (x === null || x === undefined) {
      return;
    }
    lines[`snapshot-${snapshot.step}`] = {
      type: 'line',
      scaleID: 'x',
      value: x,
      borderColor: 'rgba(13, 148, 136, 0.9)',
      borderWidth: 2,
      label: {
        display: labels,
        content: `snapshot ${index + 1}`,
        position: 'end',
        font: { size: 10 },
        backgroundColor: 'rgba(13, 148, 136, 0.9)',
      },
    };
  });
  return lines;
}
