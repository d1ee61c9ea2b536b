/**
 * A run's page: its learning rate, losses and accuracy on one shared axis, restarts drawn, live while it trains.
 * Data comes from the API only; Chart.js and its zoom and annotation plugins are loaded as scripts before this module.
 * @module run-page
 */
import { axisTitle, extentOf, xOf } from './axes.js';
import { flatten } from './config-diff.js';
import { bandDatasets, envelopeOf } from './envelope.js';
import { restartLines, restartSteps, snapshotLines } from './restarts.js';
import { lineChartConfig, showMessage, tableRow, wireChartSettings } from './page-kit.js';
import { provenanceFacts, summaryFacts } from './run-facts.js';
import { smoothWithRestarts } from './smoothing.js';

const KEYS = ['lr', 'train_loss', 'val_loss', 'val_acc'];
const MAX_POINTS = 2000;
/** As the server's Retry-After when the database is away. */
const STREAM_RETRY_MS = 5000;
const COLOURS = { lr: '#c2410c', train: '#1d4ed8', val: '#15803d', acc: '#7c3aed' };


/**
 * What the server tells the page in its root's `data-*` attributes: the addresses it reads and acts on, and which
 * statuses are terminal (nothing more happens) and resumable.
 * @param {DOMStringMap|Record<string, string>} dataset
 */
export function runPageFacts(dataset) {
  return {
    urls: {
      run: dataset.runUrl,
      events: dataset.eventsUrl,
      metrics: dataset.metricsUrl,
      stream: dataset.streamUrl,
      cancel: dataset.cancelUrl,
      resume: dataset.resumeUrl,
    },
    terminal: new Set(dataset.terminalStatuses.split(',')),
    resumable: new Set(dataset.resumableStatuses.split(',')),
  };
}

/** The metrics address for the page's series, the whole run or the steps from `from` to `to`. */
export function metricsUrl(base, from, to) {
  const params = new URLSearchParams({ keys: KEYS.join(','), max_points: String(MAX_POINTS) });
  if (from !== undefined) params.set('from', String(Math.max(0, Math.floor(from))));
  if (to !== undefined) params.set('to', String(Math.ceil(to)));
  return `${base}?${params}`;
}

/** Which of the run's actions apply in `status`: cancel until it is over, resume when it may continue. */
export function actionsFor(status, facts) {
  return { cancel: !facts.terminal.has(status), resume: facts.resumable.has(status) };
}

/** The header's progress: "42 % · step 420 of 1000", or nothing before the total is known. */
export function progressText(step, total) {
  return total ? `${Math.floor((100 * step) / total)} % · step ${step} of ${total}` : '';
}

/** The last step every series that has points already holds: the stream starts after it. */
export function lastSharedStep(series) {
  const lasts = [...series.values()]
    .filter((series) => series.points.length > 0)
    .map((series) => series.points[series.points.length - 1].step);
  return lasts.length ? Math.min(...lasts) : -1;
}

/** Adds streamed points after those a series holds; a point at a step it has already is not added twice. */
export function appendPoints(held, fresh) {
  for (const { key, points: added } of fresh) {
    const series = held.get(key) ?? { key, downsampled: false, points: [] };
    const last = series.points.length ? series.points[series.points.length - 1].step : -1;
    series.points.push(...added.filter((point) => point.step > last));
    held.set(key, series);
  }
}

/**
 * Draws the run page in `root` and follows the run while it trains.
 * @param {HTMLElement} root the page's main element, with the server's `data-*` facts
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createRunPage(root, api) {
  const { Chart } = globalThis;
  const page = root;
  const facts = runPageFacts(root.dataset);
  const state = {
    axis: 'step',
    logLr: false,
    smoothing: 0.6,
    series: new Map(), // key -> {downsampled, points}
    events: [],
    snapshots: [], // the summary's snapshots, marked on the rate chart
    run: null,
    zoom: null, // {from, to} in steps while zoomed, else null
    view: null, // {min, max} on the x-axis while zoomed, else null: every chart of the stack shows this range
  };

  registerPlugins();
  const charts = {
    lr: new Chart(document.getElementById('lr-chart'), chartConfig('learning rate')),
    loss: new Chart(document.getElementById('loss-chart'), chartConfig('loss')),
    acc: new Chart(document.getElementById('acc-chart'), chartConfig('accuracy')),
  };

  wireControls();
  refresh().then(follow).catch((error) => message(`Could not read the run: ${error.message}`));

  /** The UMD plugins register themselves in most builds; make sure, once. */
  function registerPlugins() {
    for (const name of ['ChartZoom', 'chartjs-plugin-annotation']) {
      const plugin = globalThis[name];
      if (plugin && !Chart.registry.plugins.get(plugin.id)) {
        Chart.register(plugin);
      }
    }
  }

  /** Reads the run, its events and its series (the zoomed range in detail, or the whole run downsampled). */
  async function refresh() {
    const [run, events, metrics] = await Promise.all([
      api.getJson(facts.urls.run),
      api.getJson(facts.urls.events),
      api.getJson(state.zoom
        ? metricsUrl(facts.urls.metrics, state.zoom.from, state.zoom.to)
        : metricsUrl(facts.urls.metrics)),
    ]);
    state.run = run;
    state.events = events.events;
    state.series = new Map(metrics.series.map((series) => [series.key, series]));
    showRun(run);
    showEvents(state.events);
    draw();
  }

  /**
   * While the run is not finished, follows its Server-Sent Events: new points are appended and drawn, restarts and
   * status changes shown as they happen; when it ends, the page reads it once more for its summary.
   */
  function follow() {
    if (state.source || !state.run || facts.terminal.has(state.run.status)) {
      return;
    }
    const source = new EventSource(`${facts.urls.stream}?after=${lastSharedStep(state.series)}`);
    state.source = source;
    source.addEventListener('points', (event) => {
      appendPoints(state.series, JSON.parse(event.data));
      drawSoon();
    });
    source.addEventListener('events', (event) => {
      state.events = JSON.parse(event.data);
      showEvents(state.events);
      drawSoon();
    });
    // EventSource reconnects by itself after a dropped stream, but gives up for good on an error answer, as during a
    // database outage (503): then the page opens a new stream a little later, from the last point it holds
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED && state.source === source) {
        state.source = null;
        setTimeout(follow, STREAM_RETRY_MS);
      }
    });
    source.addEventListener('status', async (event) => {
      const update = JSON.parse(event.data);
      showStatus(update);
      if (facts.terminal.has(update.status)) {
        source.close();
        state.source = null;
        await refresh();
      }
    });
  }

  let drawPending = false;

  /** Draws at the next frame, once however many updates arrived before it. */
  function drawSoon() {
    if (!drawPending) {
      drawPending = true;
      requestAnimationFrame(() => {
        drawPending = false;
        draw();
      });
    }
  }

  function points(key) {
    return state.series.get(key)?.points ?? [];
  }

  function draw() {
    const x = xOf(state.axis);
    const restarts = restartSteps(state.events);
    const lr = points('lr');
    const train = points('train_loss');
    const smoothed = smoothWithRestarts(train.map((p) => ({ x: p.step, y: p.value })), state.smoothing, restarts);
    const stepToX = new Map(train.map((p) => [p.step, x(p)]));
    const band = envelopeOf(train, x);

    setData(charts.lr, [
      line('learning rate', lr.map((p) => ({ x: x(p), y: p.value })), COLOURS.lr),
      ...bandDatasets(envelopeOf(lr, x), 'learning rate', fade(COLOURS.lr, 0.15)), // a restart inside a bucket shows
    ]);
    const lossSets = [
      line('training loss', train.map((p) => ({ x: x(p), y: p.value })), fade(COLOURS.train, 0.3), { borderWidth: 1 }),
      line('training loss (smoothed)', smoothed.map((p) => ({ x: stepToX.get(p.x), y: p.y })), COLOURS.train),
      line('validation loss', points('val_loss').map((p) => ({ x: x(p), y: p.value })), COLOURS.val,
        { pointRadius: 2 }),
    ];
    lossSets.push(...bandDatasets(band, 'training loss', fade(COLOURS.train, 0.12)));
    setData(charts.loss, lossSets);
    setData(charts.acc, [
      line('validation accuracy', points('val_acc').map((p) => ({ x: x(p), y: p.value })), COLOURS.acc,
        { pointRadius: 2 }),
    ]);

    charts.lr.options.scales.y.type = state.logLr ? 'logarithmic' : 'linear';
    // one x-range for the whole stack, set here on every draw: validation points (once an epoch) must not stretch
    // their chart to themselves, and a zoom must survive the redraw that brings its detail
    const view = state.view ?? extentOf(KEYS.map(points), x);
    if (view) {
      for (const chart of Object.values(charts)) {
        chart.options.scales.x.min = view.min;
        chart.options.scales.x.max = view.max;
      }
    }
    Object.entries(charts).forEach(([name, chart]) => {
      // a lone series is named by its figure
      chart.options.plugins.legend.display = chart.data.datasets.filter((set) => !set.hiddenInLegend).length > 1;
      chart.options.scales.x.title.text = axisTitle(state.axis);
      chart.options.plugins.annotation.annotations = {
        ...restartLines(state.events, x, { labels: name === 'lr' }),
        ...snapshotLines(state.snapshots, x, { labels: name === 'lr' }),
      };
      chart.update('none');
    });
  }

  function line(label, data, colour, extra = {}) {
    return {
      label,
      data,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      pointRadius: 0,
      tension: 0,
      spanGaps: true,
      ...extra,
    };
  }

  function setData(chart, datasets) {
    chart.data.datasets = datasets;
  }

  function fade(hex, alpha) {
    const value = Number.parseInt(hex.slice(1), 16);
    return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
  }

  function chartConfig(yTitle) {
    return lineChartConfig(yTitle, {
      legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].hiddenInLegend } },
      annotation: { annotations: {} },
      zoom: {
        zoom: { drag: { enabled: true }, mode: 'x', onZoomComplete: ({ chart }) => zoomed(chart) },
        pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: ({ chart }) => zoomed(chart) },
      },
    });
  }

  /** Every chart follows the one zoomed (dragged or panned), and the zoomed range is read again in detail. */
  function zoomed(source) {
    const { min, max } = source.scales.x;
    return showRange(min, max);
  }

  async function showRange(min, max) {
    state.view = { min, max };
    state.zoom = stepRange(min, max);
    draw();
    try {
      await refresh();
    } catch (error) {
      message(`Could not read the zoomed range: ${error.message}`);
    }
  }

  /** The steps whose position on the current axis falls in [min, max], from the learning-rate series. */
  function stepRange(min, max) {
    if (state.axis === 'step') {
      return { from: min, to: max };
    }
    const x = xOf(state.axis);
    const inside = points('lr').filter((p) => x(p) >= min && x(p) <= max).map((p) => p.step);
    return inside.length ? { from: Math.min(...inside), to: Math.max(...inside) } : null;
  }

  /** The keyboard's zoom: `factor` times closer (or, below 1, farther) around the middle of what is shown. */
  function zoomBy(factor) {
    const { min, max } = charts.lr.scales.x;
    const middle = (min + max) / 2;
    const half = (max - min) / 2 / factor;
    showRange(middle - half, middle + half);
  }

  function resetZoom() {
    state.zoom = null;
    state.view = null;
    // the range is ours (draw sets it); the zoom plugin only reports drags, so its own reset is not asked for: it
    // would bring back the limits it saw first, which a switch between step and epoch axes makes wrong
    refresh().catch((error) => message(error.message));
  }

  function wireControls() {
    wireChartSettings(page, state, { axisChanged: resetZoom, redraw: draw });
    page.querySelector('[data-control="reset-zoom"]').addEventListener('click', resetZoom);
    // the keyboard's way to zoom: by half around the middle, or back out, re-reading the detail as a drag does
    page.querySelector('[data-control="zoom-in"]').addEventListener('click', () => zoomBy(2));
    page.querySelector('[data-control="zoom-out"]').addEventListener('click', () => zoomBy(0.5));
    // a page for someone who may not change the run has no such buttons
    page.querySelector('[data-action="cancel"]')?.addEventListener('click', () => act('cancel'));
    page.querySelector('[data-action="resume"]')?.addEventListener('click', () => act('resume'));
  }

  async function act(action) {
    try {
      await api.postJson(facts.urls[action]);
    } catch (error) {
      message(error.message);
      return;
    }
    message(action === 'cancel' ? 'Cancelled; the run keeps its checkpoint.' : 'Resumed from the last checkpoint.');
    await refresh();
    follow();
  }

  function message(text) {
    showMessage(page, text);
  }

  function showRun(run) {
    showStatus({ status: run.status, step: run.progress.step, total_steps: run.progress.total_steps, error: run.error });
    const stepsPerEpoch = run.progress.total_steps / run.config?.training?.epochs;
    showFacts('summary', summaryFacts(run.summary, stepsPerEpoch));
    state.snapshots = run.summary?.snapshots ?? [];
    fillTable('config', run.config);
    showFacts('fingerprint', provenanceFacts(run));
  }

  /** Facts as rows: a shortened value keeps the whole one as its tooltip and beside a copy button. */
  function showFacts(role, facts) {
    const body = page.querySelector(`[data-role="${role}"] tbody`);
    body.replaceChildren(...facts.map(factRow));
    if (facts.length === 0) {
      body.replaceChildren(tableRow('—', ['nothing yet']));
    }
  }

  function factRow({ label, text, full }) {
    const row = tableRow(label, []);
    const cell = document.createElement('td');
    cell.className = 'fact';
    const value = document.createElement('span');
    value.textContent = text;
    cell.append(value);
    if (full) {
      value.title = full;
      const copy = document.createElement('button');
      copy.type = 'button';
      copy.className = 'copy';
      copy.textContent = 'copy';
      copy.setAttribute('aria-label', `copy ${label}`);
      copy.addEventListener('click', () => copyText(full, copy));
      cell.append(' ', copy);
    }
    row.append(cell);
    return row;
  }

  async function copyText(text, button) {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'copied';
    } catch {
      message('Could not copy: the browser refused access to the clipboard.');
    }
  }

  /** The header's status, progress and error, and which actions apply. */
  function showStatus({ status, step, total_steps: total, error }) {
    state.run = { ...state.run, status };
    page.dataset.status = status;
    const badge = page.querySelector('[data-role="status"]');
    badge.dataset.status = status;
    badge.textContent = status.toLowerCase();
    page.querySelector('[data-role="progress"]').textContent = progressText(step, total);
    const actions = actionsFor(status, facts);
    const cancel = page.querySelector('[data-action="cancel"]');
    const resume = page.querySelector('[data-action="resume"]');
    if (cancel) cancel.disabled = !actions.cancel;
    if (resume) resume.disabled = !actions.resume;
    const box = page.querySelector('[data-role="error"]');
    box.hidden = !error;
    box.textContent = error ?? '';
    // a pruned trial's cause is its sweep's decision, not a failure
    box.classList.toggle('bad', status !== 'PRUNED');
  }

  /** A key/value table of a JSON document, nested keys dotted; text only, never markup. */
  function fillTable(role, document) {
    const body = page.querySelector(`[data-role="${role}"] tbody`);
    const rows = [...flatten(document ?? {})].filter(([, value]) => value !== null && value !== undefined);
    body.replaceChildren(...rows.map(([key, value]) => tableRow(key, [value])));
    if (rows.length === 0) {
      body.replaceChildren(tableRow('—', ['nothing yet']));
    }
  }

  function showEvents(events) {
    const body = page.querySelector('[data-role="events"] tbody');
    body.replaceChildren(...events.map((event) => tableRow(event.step, [
      event.epoch,
      event.kind.toLowerCase().replace('_', ' '),
      [event.cycle !== null && event.cycle !== undefined ? `cycle ${event.cycle}` : '', event.reason ?? '']
        .filter(Boolean).join(' · '),
    ])));
  }
}
