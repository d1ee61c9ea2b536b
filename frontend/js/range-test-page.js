/**
 * An LR range test's page: the loss against the rate on a log axis (each repeat's raw loss faint, its smoothed loss
 * solid), each method's suggestion a labelled vertical line, the consensus a bold one, where the test stopped marked;
 * the findings in words, and "Use this rate", which opens the launch form with the same data, model and optimizer and
 * the hinted base_lr and eta_min. Live while the test runs. Chart.js and its annotation plugin are loaded as scripts
 * before this module.
 * @module range-test-page
 */
import { formatCount, formatSignificant } from './run-facts.js';
import { isDecade, tickLabel } from './axes.js';
import { showMessage, tableRow } from './page-kit.js';

export { isDecade, tickLabel };

const KEYS = ['lr', 'train_loss', 'smoothed_loss'];
const REFRESH_MS = 2000;
/** Repeats' colours: the first in the accent, the next ones in other hues. */
const HUES = ['29, 78, 216', '190, 18, 60', '21, 128, 61', '161, 98, 7', '109, 40, 217'];

/** The address of the test's series: every point (a ramp is at most 10 000 steps a repeat). */
export function rangeMetricsUrl(base, steps) {
  const params = new URLSearchParams({ keys: KEYS.join(','), max_points: String(Math.max(1000, steps)) });
  return `${base}?${params}`;
}

/**
 * Each repeat's curves, from the run's series: the rate of each step beside its raw and its smoothed loss, a repeat
 * being the steps `[r·numSteps, (r+1)·numSteps)`.
 * @param {Map<string, {points: {step: number, value: number}[]}>} series by key
 * @param {number} numSteps the ramp's steps
 * @returns {{repeat: number, raw: {x: number, y: number}[], smoothed: {x: number, y: number}[]}[]}
 */
export function repeatCurves(series, numSteps) {
  const rateAt = new Map((series.get('lr')?.points ?? []).map((p) => [p.step, p.value]));
  const repeats = new Map();
  const curveOf = (step) => {
    const repeat = Math.floor(step / numSteps);
    if (!repeats.has(repeat)) repeats.set(repeat, { repeat, raw: [], smoothed: [] });
    return repeats.get(repeat);
  };
  for (const [key, field] of [['train_loss', 'raw'], ['smoothed_loss', 'smoothed']]) {
    for (const point of series.get(key)?.points ?? []) {
      const x = rateAt.get(point.step);
      if (x === undefined || !Number.isFinite(point.value)) continue;
      curveOf(point.step)[field].push({ x, y: point.value });
    }
  }
  return [...repeats.values()].sort((a, b) => a.repeat - b.repeat);
}

/** A rate as the page writes it: three significant digits. */
export function formatRate(lr) {
  return formatSignificant(lr, 3);
}

/**
 * The chart's vertical lines: one per method's suggestion, the consensus bold, and where the test stopped.
 * @param {object|null} found the summary's `range_test`
 */
export function suggestionLines(found) {
  const lines = {};
  if (!found) return lines;
  (found.suggestions ?? []).forEach((suggestion, i) => {
    lines[`method-${suggestion.method}`] = {
      type: 'line', scaleID: 'x', value: suggestion.lr,
      borderColor: 'rgba(91, 100, 117, 0.7)', borderWidth: 1, borderDash: [4, 4],
      // each label a row lower than the last: suggestions close together would print over each other
      label: { display: true, content: `${suggestion.method} ${formatRate(suggestion.lr)}`, position: 'start',
        yAdjust: 24 * i, font: { size: 10 }, backgroundColor: 'rgba(29, 35, 48, 0.7)' },
    };
  });
  if (found.suggested_lr) {
    lines.suggested = {
      type: 'line', scaleID: 'x', value: found.suggested_lr, borderColor: 'rgba(21, 128, 61, 0.9)', borderWidth: 2,
      label: { display: true, content: `suggested ${formatRate(found.suggested_lr)}`, position: 'center',
        font: { size: 11, weight: 'bold' }, backgroundColor: 'rgba(21, 128, 61, 0.9)' },
    };
  }
  if (found.stop) {
    const diverged = found.stop.reason === 'diverged';
    lines.stop = {
      type: 'line', scaleID: 'x', value: found.stop.lr,
      borderColor: diverged ? 'rgba(190, 18, 60, 0.9)' : 'rgba(91, 100, 117, 0.9)', borderWidth: 2,
      label: { display: true, content: diverged ? `diverged (step ${formatCount(found.stop.step)})` : 'end_lr',
        position: 'end', font: { size: 10 },
        backgroundColor: diverged ? 'rgba(190, 18, 60, 0.85)' : 'rgba(29, 35, 48, 0.7)' },
    };
  }
  return lines;
}

/**
 * The findings as rows, in the order a researcher reads them.
 * @param {object|null} found the summary's `range_test`
 * @returns {{label: string, text: string}[]}
 */
export function findingFacts(found) {
  if (!found) return [];
  const facts = [];
  facts.push({ label: 'suggested rate', text: found.suggested_lr ? formatRate(found.suggested_lr) : 'none' });
  for (const suggestion of found.suggestions ?? []) {
    facts.push({ label: suggestion.method, text: formatRate(suggestion.lr) });
  }
  if ((found.suggestions ?? []).length > 1) {
    const decades = found.spread_decades;
    facts.push({ label: 'spread', text: `${decades.toFixed(1)} ${decades.toFixed(1) === '1.0' ? 'decade' : 'decades'}` });
  }
  if (found.stop) {
    const where = `step ${formatCount(found.stop.step)}, rate ${formatRate(found.stop.lr)}`;
    facts.push({ label: 'stopped', text: found.stop.reason === 'diverged' ? `diverged at ${where}` : `at end_lr, ${where}` });
  }
  if (found.schedule_hint) {
    facts.push({ label: 'schedule to try', text:
      `base_lr ${formatRate(found.schedule_hint.base_lr)}, eta_min ${formatRate(found.schedule_hint.eta_min)}` });
  }
  return facts;
}

/**
 * The launch form's address for a training run from this test: its data, model and optimizer, and the hinted rates
 * to three significant digits (a rate found by a coarse ramp has no more).
 */
export function useRateHref(launchPageUrl, runId, hint) {
  const params = new URLSearchParams({ from: runId, base_lr: formatRate(hint.base_lr), eta_min: formatRate(hint.eta_min) });
  return `${launchPageUrl}?${params}`;
}

/** A log axis for losses that span more than a factor of 20 (a diverging tail would flatten the valley), else linear. */
export function lossScale(curves) {
  const values = curves.flatMap((curve) => [...curve.raw, ...curve.smoothed]).map((p) => p.y).filter((y) => y > 0);
  if (values.length === 0) return 'linear';
  return Math.max(...values) / Math.min(...values) > 20 ? 'logarithmic' : 'linear';
}

/**
 * Runs the range test page `root`.
 * @param {HTMLElement} root with `data-run-url`, `data-metrics-url`, `data-cancel-url`, `data-launch-page-url`,
 *     `data-run-id` and `data-terminal-statuses`
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createRangeTestPage(root, api) {
  const terminal = new Set(root.dataset.terminalStatuses.split(','));
  const annotation = globalThis['chartjs-plugin-annotation'];
  if (annotation && !Chart.registry.plugins.get(annotation.id)) Chart.register(annotation);
  const chart = new Chart(root.querySelector('#range-chart'), {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false, parsing: false, normalized: true, maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'logarithmic', title: { display: true, text: 'learning rate (log scale)' },
          // one labelled tick a decade: the log axis' own ticks crowd every digit in
          ticks: { autoSkip: false, maxRotation: 0, callback: (value) => (isDecade(value) ? tickLabel(value) : '') } },
        y: { type: 'linear', title: { display: true, text: 'training loss' },
          ticks: { callback: (value) => tickLabel(value) } },
      },
      plugins: { annotation: { annotations: {} },
        legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].hiddenInLegend } } },
    },
  });

  async function refresh() {
    const run = await api.getJson(root.dataset.runUrl);
    const ramp = run.config.range_test;
    const steps = ramp.num_steps * ramp.repeats;
    const metrics = await api.getJson(rangeMetricsUrl(root.dataset.metricsUrl, steps));
    const curves = repeatCurves(new Map(metrics.series.map((s) => [s.key, s])), ramp.num_steps);
    draw(curves, run.summary?.range_test ?? null, ramp);
    showRun(run);
    return run;
  }

  function draw(curves, found, ramp) {
    chart.data.datasets = curves.flatMap((curve, i) => {
      const hue = HUES[i % HUES.length];
      const name = curves.length > 1 ? `repeat ${curve.repeat + 1}` : 'training loss';
      return [
        { label: `${name} (raw)`, data: curve.raw, borderColor: `rgba(${hue}, 0.25)`, borderWidth: 1, pointRadius: 0,
          hiddenInLegend: i > 0 },
        { label: `${name} (smoothed)`, data: curve.smoothed, borderColor: `rgba(${hue}, 1)`, borderWidth: 2,
          pointRadius: 0 },
      ];
    });
    const lines = suggestionLines(found);
    chart.options.plugins.annotation.annotations = lines;
    // the axis holds every point and every line: a suggestion a decade below the lowest rate tried included
    const xs = [ramp.start_lr, ...Object.values(lines).map((line) => line.value)];
    chart.options.scales.x.min = Math.min(...xs);
    chart.options.scales.y.type = lossScale(curves);
    chart.update();
  }

  function showRun(run) {
    const badge = root.querySelector('[data-role=status]');
    badge.dataset.status = run.status;
    badge.textContent = run.status.toLowerCase();
    const total = run.progress.total_steps;
    root.querySelector('[data-role=progress]').textContent = total
      ? `step ${formatCount(run.progress.step)} of ${formatCount(total)}` : '';
    const found = run.summary?.range_test ?? null;
    const body = root.querySelector('[data-role=findings] tbody');
    body.replaceChildren(...findingFacts(found).map(({ label, text }) => tableRow(label, [text])));
    root.querySelector('[data-role=no-findings]').hidden = Boolean(found);
    const warnings = root.querySelector('[data-role=warnings]');
    warnings.replaceChildren(...(found?.warnings ?? []).map((warning) => {
      const li = document.createElement('li');
      li.dataset.code = warning.code;
      li.textContent = warning.message;
      return li;
    }));
    const use = root.querySelector('[data-action=use-rate]');
    if (use && found?.schedule_hint) {
      use.href = useRateHref(root.dataset.launchPageUrl, root.dataset.runId, found.schedule_hint);
      use.hidden = false;
    }
    const cancel = root.querySelector('[data-action=cancel]');
    if (cancel) cancel.hidden = terminal.has(run.status);
    if (run.error) showMessage(root, run.error);
  }

  function follow(run) {
    if (terminal.has(run.status)) return;
    setTimeout(() => refresh().then(follow, () => follow(run)), REFRESH_MS);
  }

  root.querySelector('[data-action=cancel]')?.addEventListener('click', async () => {
    try {
      await api.postJson(root.dataset.cancelUrl);
      await refresh();
    } catch (error) {
      showMessage(root, `The test was not cancelled: ${error.message}`);
    }
  });
  refresh().then(follow).catch((error) => showMessage(root, `Could not read the test: ${error.message}`));
}
