/**
 * The page of a run a script logged (kind `external`): its learning rate beside the schedule Anneal read from it
 * (declared and held to the logged rate, or inferred), restarts and departures marked, then one chart for every other
 * metric the script logged, its params, tags and source. Re-read every few seconds while the script runs.
 * Chart.js and its zoom and annotation plugins are loaded as scripts before this module.
 * @module logged-run-page
 */
import { extentOf, xOf } from './axes.js';
import { restartLines } from './restarts.js';
import { lineChartConfig, showMessage, tableCell, tableRow } from './page-kit.js';
import { cycleEndTable, summaryFacts } from './run-facts.js';
import { planOf } from './schedule-reading.js';

/** Points a series is read with: each chart draws at most this many (min/max buckets past it). */
const MAX_POINTS = 1000;
/** The most metrics drawn: one chart each. */
export const MAX_CHARTS = 24;
/** How often a running run is read again. */
const POLL_MS = 3000;
const COLOURS = ['#1d4ed8', '#15803d', '#7c3aed', '#b45309', '#0e7490', '#be123c'];
const RATE = '#c2410c';


/** The server's facts in the root's `data-*` attributes. */
export function loggedRunFacts(dataset) {
  return {
    urls: {
      run: dataset.runUrl,
      events: dataset.eventsUrl,
      metrics: dataset.metricsUrl,
      preview: dataset.previewUrl,
    },
    terminal: new Set(dataset.terminalStatuses.split(',')),
  };
}

/** The rows of the schedule panel: where it comes from, how close the logged rate keeps to it, and its settings. */
export function scheduleFacts(schedule) {
  if (!schedule) {
    return [];
  }
  const rows = [['source', schedule.source]];
  if (schedule.rate_key) rows.push(['rate logged as', `${schedule.rate_key} (${schedule.rate_points} points)`]);
  if (schedule.max_relative_deviation !== undefined) {
    rows.push(['largest relative deviation', Number(schedule.max_relative_deviation).toExponential(2)]);
  }
  if (schedule.departures?.length) {
    rows.push(['departures', schedule.departures.map((d) => (d.from === d.to ? `${d.from}` : `${d.from}–${d.to}`))
      .join(', ')]);
  }
  const plan = planOf(schedule);
  if (plan) {
    for (const [key, value] of Object.entries(plan)) {
      if (value !== null && typeof value !== 'object') rows.push([key, String(value)]);
      else if (Array.isArray(value)) rows.push([key, value.join(', ')]);
    }
  }
  return rows;
}

/** The keys drawn in charts of their own: every logged key but the rate, at most {@link MAX_CHARTS}. */
export function chartedKeys(series, rateKey) {
  return series.map((s) => s.key).filter((key) => key !== rateKey).slice(0, MAX_CHARTS);
}

/** A translucent box over each stretch of steps where the logged rate left its declared schedule. */
export function departureBoxes(departures) {
  const boxes = {};
  (departures ?? []).forEach((d, i) => {
    boxes[`departure-${i}`] = {
      type: 'box',
      xMin: d.from - 0.5,
      xMax: d.to + 0.5,
      backgroundColor: 'rgba(190, 18, 60, 0.12)',
      borderWidth: 0,
      label: i === 0 ? { display: true, content: 'off plan', position: 'start', color: '#be123c' } : undefined,
    };
  });
  return boxes;
}

/**
 * Draws the page in `root` and reads the run again while its script runs.
 * @param {HTMLElement} root the page's main element, with the server's `data-*` facts
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createLoggedRunPage(root, api) {
  const { Chart } = globalThis;
  const facts = loggedRunFacts(root.dataset);
  const x = xOf('step');
  const charts = new Map(); // key -> Chart, the rate's under '' (its own canvas)
  registerPlugins();
  charts.set('', new Chart(document.getElementById('lr-chart'), lineChartConfig('learning rate', plugins())));

  refresh().then(poll).catch((error) => message(`Could not read the run: ${error.message}`));

  function registerPlugins() {
    for (const name of ['ChartZoom', 'chartjs-plugin-annotation']) {
      const plugin = globalThis[name];
      if (plugin && !Chart.registry.plugins.get(plugin.id)) Chart.register(plugin);
    }
  }

  function plugins() {
    return { annotation: { annotations: {} }, legend: { display: true } };
  }

  function poll() {
    setTimeout(async () => {
      try {
        const run = await refresh();
        if (!facts.terminal.has(run.status)) poll();
      } catch (error) {
        message(`Could not read the run: ${error.message}`);
        poll();
      }
    }, POLL_MS);
  }

  async function refresh() {
    const metricsUrl = `${facts.urls.metrics}?${new URLSearchParams({ max_points: String(MAX_POINTS) })}`;
    const [run, events, metrics] = await Promise.all([
      api.getJson(facts.urls.run),
      api.getJson(facts.urls.events),
      api.getJson(metricsUrl),
    ]);
    const rateKey = run.schedule?.rate_key;
    const rate = metrics.series.find((s) => s.key === rateKey)?.points ?? [];
    const plan = planOf(run.schedule);
    const planned = plan && rate.length
      ? await api.postJson(facts.urls.preview, { schedule: plan, at: rate.map((p) => p.step) })
      : null;
    showRun(run);
    drawRate(run.schedule, rate, planned, events.events);
    drawMetrics(metrics.series, rateKey, events.events);
    return run;
  }

  function drawRate(schedule, rate, planned, events) {
    const chart = charts.get('');
    const sets = [line(schedule?.rate_key ?? 'learning rate', rate.map((p) => ({ x: x(p), y: p.value })), RATE)];
    if (planned) {
      sets.push(line(`${schedule.source} schedule`, planned.points.map((p) => ({ x: p.t, y: p.lr })), '#334155',
        { borderDash: [6, 4], borderWidth: 1.5, backgroundColor: 'transparent' }));
    }
    chart.data.datasets = sets;
    chart.options.plugins.annotation.annotations = {
      ...restartLines(events, x),
      ...departureBoxes(schedule?.departures),
    };
    sameRange(chart, [rate]);
    chart.update('none');
    const note = root.querySelector('[data-role="schedule-note"]');
    note.hidden = !schedule?.note;
    note.textContent = schedule?.note ?? '';
  }

  function drawMetrics(series, rateKey, events) {
    const box = root.querySelector('[data-role="metric-charts"]');
    const keys = chartedKeys(series, rateKey);
    keys.forEach((key, i) => {
      if (!charts.has(key)) {
        const figure = document.createElement('figure');
        figure.className = 'chart';
        const caption = document.createElement('figcaption');
        caption.textContent = key;
        const canvasBox = document.createElement('div');
        canvasBox.className = 'canvas-box';
        const canvas = document.createElement('canvas');
        canvas.setAttribute('role', 'img');
        canvas.setAttribute('aria-label', `${key} by step`);
        canvasBox.append(canvas);
        figure.append(caption, canvasBox);
        box.append(figure);
        const config = lineChartConfig(key, plugins());
        config.options.plugins.legend.display = false;
        charts.set(key, new Chart(canvas, config));
      }
      const points = series.find((s) => s.key === key).points;
      const chart = charts.get(key);
      chart.data.datasets = [line(key, points.map((p) => ({ x: x(p), y: p.value })), COLOURS[i % COLOURS.length],
        { pointRadius: points.length < 50 ? 2 : 0 })];
      chart.options.plugins.annotation.annotations = restartLines(events, x, { labels: false });
      sameRange(chart, series.map((s) => s.points));
      chart.update('none');
    });
    const hidden = series.length - (series.some((s) => s.key === rateKey) ? 1 : 0) - keys.length;
    root.querySelector('[data-role="more-metrics"]').hidden = hidden <= 0;
    root.querySelector('[data-role="more-metrics"]').textContent =
      `${hidden} more metrics are in the CSV download: a page draws ${MAX_CHARTS}.`;
  }

  /** Every chart spans the steps of every series, so one step is one x position down the page. */
  function sameRange(chart, seriesPoints) {
    const view = extentOf(seriesPoints, x);
    if (view) {
      chart.options.scales.x.min = view.min;
      chart.options.scales.x.max = view.max;
    }
  }

  function line(label, data, colour, extra = {}) {
    return { label, data, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0,
      tension: 0, spanGaps: true, ...extra };
  }

  function showRun(run) {
    const badge = root.querySelector('[data-role="status"]');
    badge.dataset.status = run.status;
    badge.textContent = run.status.toLowerCase();
    root.querySelector('[data-role="progress"]').textContent = `step ${run.progress.step}`;
    fill('schedule', scheduleFacts(run.schedule));
    fill('summary', summaryFacts(run.summary).map((fact) => [fact.label, fact.text]));
    showCycleEnds(run.summary?.cycle_ends);
    fill('params', Object.entries(run.params ?? {}));
    fill('source', [
      ...Object.entries(run.source ?? {}).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]),
      ...Object.entries(run.tag_values ?? {}),
    ]);
    const error = root.querySelector('[data-role="error"]');
    error.hidden = !run.error;
    error.textContent = run.error ?? '';
  }

  /** The script's metrics where each cycle ended, hidden for a run whose schedule has no whole cycle yet. */
  function showCycleEnds(cycleEnds) {
    const section = root.querySelector('[data-role="cycle-ends"]');
    section.hidden = !cycleEnds?.length;
    const { columns, rows } = cycleEndTable(cycleEnds);
    const table = section.querySelector('table');
    const head = document.createElement('tr');
    head.append(...columns.map((column) => tableCell('th', column, 'col')));
    table.tHead.replaceChildren(head);
    table.tBodies[0].replaceChildren(...rows.map(([cycle, ...cells]) => tableRow(cycle, cells)));
  }

  function fill(role, rows) {
    const body = root.querySelector(`[data-role="${role}"] tbody`);
    body.replaceChildren(...rows.map(([key, value]) => tableRow(key, [value])));
    if (rows.length === 0) body.replaceChildren(tableRow('—', ['none logged']));
  }

  function message(text) {
    showMessage(root, text);
  }
}
