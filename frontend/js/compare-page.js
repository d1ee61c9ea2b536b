/**
 * Several runs overlaid: learning rate, validation and training loss by step, epoch or position within the cycle
 * (cycle k of every run on top of each other), with the settings that differ and the results side by side.
 * Data comes from the API only; Chart.js is loaded as a script before this module.
 * @module compare-page
 */
import { axisTitle, cycleAlignment, xOf } from './axes.js';
import { diffConfigs } from './config-diff.js';
import { bandDatasets, envelopeOf } from './envelope.js';
import { keysNote, keysToRead, pointsPerSeries, seriesByRole } from './compared-keys.js';
import { colourOf } from './palette.js';
import { comparedConfig } from './schedule-reading.js';
import { restartSteps } from './restarts.js';
import { lineChartConfig, showMessage, tableCell, tableRow, wireChartSettings } from './page-kit.js';
import { formatByKey } from './run-facts.js';
import { smoothWithRestarts } from './smoothing.js';

/** Read when the cycle-aligned axis is first chosen: most comparisons never need them. */
const CYCLE_KEYS = ['cycle', 'cycle_pos'];
const RESULTS = ['best_val_loss', 'best_val_loss_step', 'best_val_acc', 'test_acc', 'ensemble.test_acc',
  'ensemble.val_acc', 'final_lr', 'restarts', 'plateau_restarts', 'steps', 'wall_seconds'];

/** A summary's value at a dotted key: `ensemble.test_acc`. */
const valueAt = (summary, key) => key.split('.').reduce((document, name) => document?.[name], summary);

/**
 * Draws the comparison in `root` of the runs its `data-ids` names.
 * @param {HTMLElement} root the page's main element, with the server's `data-*` facts
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createComparePage(root, api) {
  const { Chart } = globalThis;
  const page = root;
  const state = { axis: 'step', logLr: false, smoothing: 0.6, allSettings: false, runs: [], maxPoints: 1000 };

  const charts = {
    lr: new Chart(document.getElementById('lr-chart'), chartConfig('learning rate')),
    val: new Chart(document.getElementById('val-chart'), chartConfig('validation loss')),
    train: new Chart(document.getElementById('train-chart'), chartConfig('training loss')),
  };

  wireControls();
  load().catch((error) => message(`Could not read the runs: ${error.message}`));

  /**
   * Reads the comparison, then every run's series and events, a request for all the runs read by the same keys:
   * which series to read depends on the run (a script's run logs its rate and losses under names of its own), and a
   * request a run cost a hundred runs more in requests than in reading.
   */
  async function load() {
    const comparison = await api.getJson(root.dataset.compareUrl);
    state.maxPoints = pointsPerSeries(comparison.runs.length);
    const byKeys = new Map();
    for (const view of comparison.runs) {
      const keys = keysToRead(view).join(',');
      byKeys.set(keys, [...(byKeys.get(keys) ?? []), view.id]);
    }
    const read = new Map();
    await Promise.all([...byKeys].map(async ([keys, ids]) => {
      for (const run of await readRuns(ids, keys)) {
        read.set(run.run_id, run);
      }
    }));
    page.dataset.fetchedAt = String(Math.round(performance.now())); // read by the benchmark, beside drawnAt
    state.runs = comparison.runs.map((view, index) => {
      const { series, events } = read.get(view.id);
      const drawn = seriesByRole(view, new Map(series.map((s) => [s.key, s.points])));
      return {
        view,
        colour: colourOf(index),
        series: drawn.series,
        keys: drawn.keys,
        restarts: restartSteps(events),
        warmupEnd: events.find((event) => event.kind === 'WARMUP_END')?.step ?? null,
        alignment: null,
      };
    });
    showLegend();
    showDiff();
    showResults();
    draw();
    // when the charts were first drawn, in ms since navigation started: what the compare-page benchmark reads
    page.dataset.drawnAt = String(Math.round(performance.now()));
  }

  /** Several runs' series of `keys` (comma-separated) and their schedule events, in one request. */
  async function readRuns(ids, keys) {
    const query = new URLSearchParams({ ids: ids.join(','), keys, max_points: String(state.maxPoints) });
    return (await api.getJson(`${root.dataset.runsSeriesUrl}?${query}`)).runs;
  }

  /** Reads every run's cycle and position series, once, and aligns its steps to its cycles. */
  async function alignCycles() {
    const unaligned = state.runs.filter((run) => !run.alignment);
    if (unaligned.length === 0) {
      return;
    }
    const read = new Map((await readRuns(unaligned.map((run) => run.view.id), CYCLE_KEYS.join(',')))
      .map((run) => [run.run_id, run.series]));
    unaligned.forEach((run) => {
      const series = new Map(read.get(run.view.id).map((s) => [s.key, s.points]));
      run.alignment = cycleAlignment(series.get('cycle') ?? [], series.get('cycle_pos') ?? [], run.warmupEnd);
    });
  }

  async function axisChanged() {
    const started = performance.now();
    if (state.axis === 'cycle') {
      await alignCycles();
    }
    draw();
    page.dataset.axisSwitchMs = String(Math.round(performance.now() - started)); // read by the benchmark
    page.dataset.drawnAxis = state.axis;
  }

  function draw() {
    for (const chart of Object.values(charts)) {
      chart.data.datasets = [];
    }
    for (const run of state.runs) {
      const x = xOf(state.axis, run.alignment);
      const onAxis = (points) => points.map((p) => ({ x: x(p), y: p.value })).filter((p) => p.x !== null);
      const train = run.series.get('train_loss') ?? [];
      const xByStep = new Map(train.map((p) => [p.step, x(p)]));
      const smoothed = smoothWithRestarts(train.map((p) => ({ x: p.step, y: p.value })), state.smoothing, run.restarts)
        .map((p) => ({ x: xByStep.get(p.x), y: p.y }))
        .filter((p) => p.x !== null);
      const lr = run.series.get('lr') ?? [];
      charts.lr.data.datasets.push(
        line(run, onAxis(lr)),
        ...bandDatasets(onAxisBand(envelopeOf(lr, x)), run.view.name, `${run.colour}26`), // the colour at 15 % opacity
      );
      charts.val.data.datasets.push(line(run, onAxis(run.series.get('val_loss') ?? []), { pointRadius: 2 }));
      charts.train.data.datasets.push(line(run, smoothed));
    }
    charts.lr.options.scales.y.type = state.logLr ? 'logarithmic' : 'linear';
    for (const chart of Object.values(charts)) {
      chart.options.scales.x.title.text = axisTitle(state.axis);
      chart.update('none');
    }
  }

  /** A band without the points that have no place on the axis (steps before a run's first logged cycle). */
  function onAxisBand(band) {
    if (!band) {
      return null;
    }
    const placed = (edge) => edge.filter((point) => point.x !== null);
    return { lower: placed(band.lower), upper: placed(band.upper) };
  }

  function line(run, data, extra = {}) {
    return {
      label: run.view.name,
      data,
      borderColor: run.colour,
      backgroundColor: run.colour,
      borderWidth: 1.5,
      pointRadius: 0,
      spanGaps: true,
      ...extra,
    };
  }

  function chartConfig(yTitle) {
    return lineChartConfig(yTitle, { legend: { display: false } }); // one legend for all three, above them
  }

  function showLegend() {
    const legend = page.querySelector('[data-role="legend"]');
    legend.replaceChildren(...state.runs.map((run) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.dataset.colour = run.colour;
      swatch.style.backgroundColor = run.colour; // CSSOM, not markup: allowed under the page's policy
      const link = document.createElement('a');
      link.href = `/runs/${run.view.id}`;
      link.textContent = run.view.name;
      item.append(swatch, link);
      const note = keysNote(run.keys);
      if (note) {
        const keys = document.createElement('span');
        keys.className = 'legend-note';
        keys.textContent = ` (${note})`;
        item.append(keys);
      }
      return item;
    }));
  }

  /** The config table: the settings that differ, highlighted, or every setting. */
  function showDiff() {
    const rows = diffConfigs(state.runs.map((run) => comparedConfig(run.view)))
      .filter((row) => state.allSettings || row.differs);
    const table = page.querySelector('[data-role="diff"]');
    table.tHead.replaceChildren(headerRow('setting'));
    table.tBodies[0].replaceChildren(...rows.map((row) => {
      const tr = tableRow(row.path, row.values);
      tr.classList.toggle('differs', row.differs);
      return tr;
    }));
    if (rows.length === 0) {
      table.tBodies[0].replaceChildren(tableRow('—', ['every setting is the same']));
    }
  }

  function showResults() {
    const table = page.querySelector('[data-role="summaries"]');
    table.tHead.replaceChildren(headerRow('result'));
    // each figure as the run page shows it: rates to three digits, accuracies as percentages, durations in units
    // a snapshot ensemble's rows only where some run has one
    const shown = RESULTS.filter((key) => !key.startsWith('ensemble.')
      || state.runs.some((run) => Number.isFinite(valueAt(run.view.summary, key))));
    table.tBodies[0].replaceChildren(...shown.map((key) => tableRow(key, state.runs.map((run) => {
      const value = valueAt(run.view.summary, key);
      return value === null || value === undefined ? null : formatByKey(key, value);
    }))));
  }

  function headerRow(first) {
    const tr = document.createElement('tr');
    tr.append(tableCell('th', first, 'col'));
    state.runs.forEach((run) => {
      const th = tableCell('th', run.view.name, 'col');
      th.style.borderTopColor = run.colour;
      tr.append(th);
    });
    return tr;
  }

  function message(text) {
    showMessage(page, text);
  }

  function wireControls() {
    wireChartSettings(page, state, {
      axisChanged: () => axisChanged().catch((error) => message(`Could not align the cycles: ${error.message}`)),
      redraw: draw,
    });
    page.querySelector('[data-control="all-settings"]').addEventListener('change', (event) => {
      state.allSettings = event.target.checked;
      showDiff();
    });
  }
}
