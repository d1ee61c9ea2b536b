/**
 * A sweep's page: the best trial so far, how the sweep searches, one chart per parameter of each trial's result
 * against the parameter's value (pruned trials marked), the rung curves (one line per trial), the trials table with
 * every rung's value and the last decision in words, and the configurations' results over their seeds. Live while
 * the sweep runs. Chart.js is loaded as a script before this module.
 * @module sweep-page
 */
import { isDecade, tickLabel } from './axes.js';
import { colourOf } from './palette.js';
import { formatValue, showMessage, tableCell, tableRow } from './page-kit.js';
import { formatCount, formatSignificant } from './run-facts.js';

const REFRESH_MS = 3000;
const LIVE = new Set(['QUEUED', 'RUNNING']);

/** A parameter's value as the table and the charts' ticks write it. */
export function formatParam(value) {
  if (typeof value !== 'number') return formatValue(value);
  if (Number.isInteger(value)) return String(value);
  const rounded = Number(value.toPrecision(4));
  // the shortest form of four significant digits: 1e-5, not 1.000e-5
  return Math.abs(rounded) < 1e-4 ? rounded.toExponential() : String(rounded);
}

/** A metric as the page writes it: four significant digits. */
export function formatMetric(value) {
  return value === null || value === undefined ? '—' : formatSignificant(value, 4);
}

/**
 * How a parameter's chart draws its axis: numbers on a linear axis, on a log axis when drawn log-uniformly or when
 * the listed values are positive and five times or more apart; anything else (names, lists) as categories.
 * @param {{values?: unknown[], distribution?: string}} spec the parameter as the sweep has it
 * @returns {'linear'|'logarithmic'|'category'}
 */
export function parameterScale(spec) {
  if (spec.distribution) return spec.distribution === 'log_uniform' ? 'logarithmic' : 'linear';
  const values = spec.values ?? [];
  if (!values.every((v) => typeof v === 'number')) return 'category';
  const min = Math.min(...values);
  const max = Math.max(...values);
  // rates are tried a factor apart (a third, three times): five times or more between the ends reads best in logs
  return min > 0 && max / min >= 5 ? 'logarithmic' : 'linear';
}

/**
 * A log axis' range for a parameter: a factor of 1.5 past its ends, the values' ends for listed values, the bounds
 * for drawn ones.
 * @param {{distribution?: string, min?: number, max?: number}} spec
 * @param {number[]} values every value on the chart
 * @returns {[number, number]}
 */
export function logRange(spec, values) {
  const low = spec.distribution ? Math.min(spec.min, ...values) : Math.min(...values);
  const high = spec.distribution ? Math.max(spec.max, ...values) : Math.max(...values);
  return [low / 1.5, high * 1.5];
}

/**
 * Whether a log axis spanning `span` (its max over its min) labels the tick `value`: every decade over a wide span,
 * 1, 2 and 5 times a decade over one of two decades or less.
 */
export function logTickShown(value, span) {
  if (isDecade(value)) return true;
  if (span > 100) return false;
  const mantissa = Number((value / 10 ** Math.floor(Math.log10(value) + 1e-9)).toPrecision(3));
  return mantissa === 2 || mantissa === 5;
}

/**
 * Each trial with a result, as a point of one parameter's chart: its value, its metric (a pruned trial's at the rung
 * it was stopped at), and whether it was pruned.
 * @param {object} sweep as the API gives it
 * @param {string} path the parameter
 */
export function parameterPoints(sweep, path) {
  const scale = parameterScale(sweep.parameters[path]);
  return sweep.trials
    .filter((trial) => trial.metric !== null && trial.metric !== undefined && Number.isFinite(trial.metric))
    .map((trial) => {
      const value = trial.params[path];
      return {
        x: scale === 'category' ? formatParam(value) : value,
        y: trial.metric,
        trial: trial.index,
        pruned: trial.status === 'PRUNED',
      };
    });
}

/**
 * One line per trial that reached a rung: its metric at each rung against the epoch it was read at.
 * @param {object} sweep
 * @returns {{trial: number, pruned: boolean, points: {x: number, y: number}[]}[]}
 */
export function rungLines(sweep) {
  return sweep.trials
    .filter((trial) => trial.rungs.length > 0)
    .map((trial) => ({
      trial: trial.index,
      pruned: trial.status === 'PRUNED',
      points: trial.rungs.filter((rung) => Number.isFinite(rung.value)).map((rung) => ({ x: rung.epoch, y: rung.value })),
    }));
}

/**
 * The runs of the best `k` trials that trained to their end, best first: what "Compare the best" opens.
 * @param {object} sweep
 * @param {number} k
 * @returns {string[]}
 */
export function bestRunIds(sweep, k) {
  const sign = sweep.metric.goal === 'maximize' ? -1 : 1;
  return sweep.trials
    .filter((trial) => trial.status === 'SUCCEEDED' && Number.isFinite(trial.metric))
    .sort((a, b) => sign * (a.metric - b.metric))
    .slice(0, k)
    .map((trial) => trial.run_id);
}

/** The parameter values of a trial in one line: `schedule.t_mult 2, schedule.base_lr 0.05`. */
export function describeParams(params) {
  return Object.entries(params).map(([path, value]) => `${path} ${formatParam(value)}`).join(', ');
}

/**
 * How the sweep searches, as rows.
 * @param {object} sweep
 * @returns {{label: string, text: string}[]}
 */
export function setupFacts(sweep) {
  const facts = [
    { label: 'search', text: sweep.method === 'random' ? `random, seed ${sweep.seed}, run_cap ${sweep.run_cap}` : 'grid' },
    { label: 'parameters', text: Object.keys(sweep.parameters).join(', ') },
    { label: 'judged by', text: `${sweep.metric.name} (${sweep.metric.goal})` },
    { label: 'seeds', text: String(sweep.seeds) },
    { label: 'parallelism', text: String(sweep.parallelism) },
  ];
  const stop = sweep.early_terminate;
  facts.push({ label: 'early stopping', text: stop
    ? `ASHA at ${stop.rung === 'cycle_end' ? 'cycle ends' : 'fixed epochs'}: eta ${stop.eta}, grace ${formatParam(stop.grace)} `
      + `epoch${stop.grace === 1 ? '' : 's'}, min_peers ${stop.min_peers}`
    : 'none: every trial trains to its end' });
  return facts;
}

/** "7 of 12 trials ended · 2 running · 3 pruned" from the sweep's counts. */
export function progressText(sweep) {
  const counts = sweep.counts;
  const total = sweep.trials.length;
  const ended = ['SUCCEEDED', 'FAILED', 'CANCELLED', 'PRUNED'].reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  const parts = [`${ended} of ${total} trials ended`];
  if (counts.RUNNING) parts.push(`${counts.RUNNING} running`);
  if (counts.PRUNED) parts.push(`${counts.PRUNED} pruned`);
  if (counts.FAILED) parts.push(`${counts.FAILED} failed`);
  return parts.join(' · ');
}

/**
 * Runs the sweep page `root`.
 * @param {HTMLElement} root with `data-sweep-url`, `data-cancel-url`, `data-compare-url` and `data-run-page-url`
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createSweepPage(root, api) {
  const charts = new Map();
  const rungChart = new Chart(root.querySelector('#rung-chart'), {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false, parsing: false, maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: { x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' } },
        y: { title: { display: true, text: '' } } },
      plugins: { legend: { display: true, labels: { usePointStyle: true, filter: (item) => item.datasetIndex < 12 } },
        tooltip: { callbacks: { label: (item) => `trial ${item.dataset.trial}: ${formatMetric(item.parsed.y)}` } } },
    },
  });
  let latest = null;

  function parameterChart(path, spec, metric) {
    if (charts.has(path)) return charts.get(path);
    const figure = document.createElement('figure');
    figure.className = 'chart';
    const caption = document.createElement('figcaption');
    caption.textContent = `${metric.name} against ${path}`;
    const box = document.createElement('div');
    box.className = 'canvas-box';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Each trial's ${metric.name} against ${path}`);
    canvas.dataset.parameter = path;
    canvas.id = `parameter-chart-${charts.size}`;
    box.append(canvas);
    figure.append(caption, box);
    root.querySelector('[data-role=parameter-charts]').append(figure);
    const scale = parameterScale(spec);
    const chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: {
          x: { type: scale, title: { display: true, text: path + (scale === 'logarithmic' ? ' (log scale)' : '') },
            ...(scale === 'category' ? { labels: (spec.values ?? []).map(formatParam) } : {}),
            // a log axis labels what fits: its own ticks crowd every digit in
            ticks: scale === 'logarithmic'
              ? { autoSkip: false, maxRotation: 0, callback(value) {
                return logTickShown(value, this.max / this.min) ? tickLabel(value) : '';
              } }
              : scale === 'category' ? {} : { callback: (value) => formatParam(Number(value)) },
            // a linear axis rounds its ends outwards, with room for the points at them
            ...(scale === 'linear' ? { grace: '10%' } : {}) },
          y: { title: { display: true, text: metric.name } },
        },
        plugins: { legend: { display: true, labels: { usePointStyle: true } },
          tooltip: { callbacks: { label: (item) => `trial ${item.raw.trial}: ${formatMetric(item.raw.y)}` } } },
      },
    });
    charts.set(path, chart);
    return chart;
  }

  function draw(sweep) {
    for (const [path, spec] of Object.entries(sweep.parameters)) {
      const chart = parameterChart(path, spec, sweep.metric);
      const points = parameterPoints(sweep, path);
      chart.data.datasets = [
        { label: 'trained to the end', data: points.filter((p) => !p.pruned), backgroundColor: '#1d4ed8',
          pointStyle: 'circle', pointRadius: 5 },
        { label: 'pruned', data: points.filter((p) => p.pruned), borderColor: '#b91c1c', backgroundColor: '#b91c1c',
          pointStyle: 'crossRot', pointRadius: 7, borderWidth: 2 },
      ];
      const values = [...(spec.values ?? []), ...points.map((p) => p.x)].filter((v) => typeof v === 'number');
      if (chart.options.scales.x.type === 'logarithmic' && values.length > 0) {
        // unzoomed, the axis holds every point, and a little room either side: the values' ends, or the bounds drawn from
        const [low, high] = logRange(spec, values);
        chart.options.scales.x.min = low;
        chart.options.scales.x.max = high;
      }
      chart.update();
    }
    rungChart.options.scales.y.title.text = sweep.metric.name;
    rungChart.data.datasets = rungLines(sweep).map((line) => ({
      label: `trial ${line.trial}`, trial: line.trial, data: line.points,
      borderColor: colourOf(line.trial), backgroundColor: colourOf(line.trial), borderWidth: 2,
      borderDash: line.pruned ? [5, 4] : [], pointRadius: 4,
      pointStyle: line.points.map((_, i) => (line.pruned && i === line.points.length - 1 ? 'crossRot' : 'circle')),
    }));
    rungChart.update();
  }

  function showTrials(sweep) {
    const paths = Object.keys(sweep.parameters);
    const rungs = Math.max(0, ...sweep.trials.map((t) => t.rungs.length));
    const head = document.createElement('tr');
    const headings = ['#', ...paths, ...(sweep.seeds > 1 ? ['seed'] : []), 'status', 'progress', sweep.metric.name,
      ...Array.from({ length: rungs }, (_, k) => `rung ${k}`), 'decision'];
    head.append(...headings.map((text) => tableCell('th', text, 'col')));
    root.querySelector('[data-role=trials] thead').replaceChildren(head);
    const rows = sweep.trials.map((trial) => {
      const tr = document.createElement('tr');
      tr.dataset.trial = String(trial.index);
      tr.dataset.status = trial.status;
      const index = document.createElement('th');
      index.scope = 'row';
      if (trial.run_id) {
        const link = document.createElement('a');
        link.href = `${root.dataset.runPageUrl}${trial.run_id}`;
        link.textContent = String(trial.index);
        link.title = trial.run_name;
        index.append(link);
      } else {
        index.textContent = String(trial.index);
      }
      tr.append(index, ...paths.map((path) => tableCell('td', formatParam(trial.params[path]))));
      if (sweep.seeds > 1) tr.append(tableCell('td', String(trial.seed)));
      const status = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.dataset.status = trial.status;
      badge.textContent = trial.status.toLowerCase();
      status.append(badge);
      const progress = trial.progress?.total_steps
        ? `${Math.round((100 * trial.progress.step) / trial.progress.total_steps)} %` : '—';
      tr.append(status, tableCell('td', progress), tableCell('td', formatMetric(trial.metric)));
      for (let k = 0; k < rungs; k++) {
        const rung = trial.rungs[k];
        const cell = tableCell('td', rung ? formatMetric(rung.value) : '');
        if (rung) cell.title = `epoch ${formatParam(rung.epoch)}, step ${formatCount(rung.step)}`;
        if (rung?.action === 'stopped') cell.classList.add('stopped');
        tr.append(cell);
      }
      const decision = tableCell('td', trial.decision ? trial.decision.action : '');
      decision.className = 'decision';
      if (trial.decision) {
        const why = document.createElement('small');
        why.textContent = trial.decision.reason;
        decision.append(document.createElement('br'), why);
      }
      tr.append(decision);
      for (const cell of tr.querySelectorAll('td')) cell.classList.add('num');
      return tr;
    });
    root.querySelector('[data-role=trials] tbody').replaceChildren(...rows);

    const groups = sweep.groups ?? [];
    root.querySelector('[data-role=groups-section]').hidden = sweep.seeds < 2 || groups.length === 0;
    const groupHead = document.createElement('tr');
    groupHead.append(...[...paths, 'trials', `mean ${sweep.metric.name}`, 'std'].map((t) => tableCell('th', t, 'col')));
    root.querySelector('[data-role=groups] thead').replaceChildren(groupHead);
    root.querySelector('[data-role=groups] tbody').replaceChildren(...groups.map((group) => {
      const tr = document.createElement('tr');
      tr.append(...paths.map((path) => tableCell('td', formatParam(group.params[path]))),
        tableCell('td', String(group.n)), tableCell('td', formatMetric(group.mean)), tableCell('td', formatMetric(group.std)));
      return tr;
    }));
  }

  function showSweep(sweep) {
    const badge = root.querySelector('[data-role=status]');
    badge.dataset.status = sweep.status;
    badge.textContent = sweep.status.toLowerCase();
    root.querySelector('[data-role=progress]').textContent = progressText(sweep);
    const best = sweep.best;
    root.querySelector('[data-role=no-best]').hidden = Boolean(best);
    root.querySelector('[data-role=best] tbody').replaceChildren(...(best ? [
      tableRow(sweep.metric.name, [formatMetric(best.metric)]),
      bestTrialRow(best, sweep.seeds),
      ...Object.entries(best.params).map(([path, value]) => tableRow(path, [formatParam(value)])),
    ] : []));
    root.querySelector('[data-role=setup] tbody').replaceChildren(
      ...setupFacts(sweep).map(({ label, text }) => tableRow(label, [text])));
    const cancel = root.querySelector('[data-action=cancel]');
    if (cancel) cancel.hidden = sweep.status !== 'RUNNING';
    updateCompare();
    showTrials(sweep);
    draw(sweep);
  }

  /** The best trial's number (and seed), linking to its run. */
  function bestTrialRow(best, seeds) {
    const row = tableRow('trial', ['']);
    const link = document.createElement('a');
    link.href = `${root.dataset.runPageUrl}${best.run_id}`;
    link.textContent = `${best.index}${seeds > 1 ? ` (seed ${best.seed})` : ''}`;
    row.querySelector('td').replaceChildren(link);
    return row;
  }

  function updateCompare() {
    if (!latest) return;
    const k = Number(root.querySelector('[data-control=best-k]').value);
    const ids = bestRunIds(latest, k);
    const compare = root.querySelector('[data-action=compare-best]');
    compare.textContent = `Compare the best ${k}`;
    if (ids.length >= 2) {
      compare.href = `${root.dataset.compareUrl}?ids=${ids.join(',')}`;
      compare.removeAttribute('aria-disabled');
    } else {
      compare.removeAttribute('href');
      compare.setAttribute('aria-disabled', 'true');
      compare.title = 'Two trials must train to their end first';
    }
  }

  async function refresh() {
    latest = await api.getJson(root.dataset.sweepUrl);
    showSweep(latest);
    return latest;
  }

  function follow(sweep) {
    const live = sweep.status === 'RUNNING' || sweep.trials.some((t) => LIVE.has(t.status));
    if (!live) return;
    setTimeout(() => refresh().then(follow, () => follow(sweep)), REFRESH_MS);
  }

  root.querySelector('[data-control=best-k]').addEventListener('change', updateCompare);
  root.querySelector('[data-action=cancel]')?.addEventListener('click', async () => {
    try {
      await api.postJson(root.dataset.cancelUrl);
      await refresh();
    } catch (error) {
      showMessage(root, `The sweep was not cancelled: ${error.message}`);
    }
  });
  refresh().then(follow).catch((error) => showMessage(root, `Could not read the sweep: ${error.message}`));
}
