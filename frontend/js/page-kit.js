/**
 * What the chart pages share: a status line, and the chart settings (axis, log-scale rate,
 * smoothing) that both the run page and the compare page offer.
 * @module page-kit
 */

import { axisTitle } from './axes.js';

/**
 * A line chart's config for series of `{x, y}` points drawn against steps: no animation (live data would
 * animate for ever), no parsing (points arrive as Chart.js stores them), a fixed height from the page's CSS.
 * @param {string} yTitle the vertical axis' title
 * @param {object} plugins the chart's plugin options
 */
export function lineChartConfig(yTitle, plugins) {
  return {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: axisTitle('step') } },
        y: { type: 'linear', title: { display: true, text: yTitle } },
      },
      plugins,
    },
  };
}

/** Shows `text` in the page's status line (`[data-role="message"]`). */
export function showMessage(page, text) {
  const box = page.querySelector('[data-role="message"]');
  box.textContent = text;
  box.hidden = false;
}

/**
 * Wires the chart settings of `page` to `state` (`axis`, `logLr`, `smoothing`).
 * @param {Element} page
 * @param {{axis: string, logLr: boolean, smoothing: number}} state updated in place
 * @param {{axisChanged: () => void, redraw: () => void}} then what to do after each change
 */
export function wireChartSettings(page, state, { axisChanged, redraw }) {
  page.querySelector('[data-control="axis"]').addEventListener('change', (event) => {
    state.axis = event.target.value;
    axisChanged();
  });
  page.querySelector('[data-control="log-lr"]').addEventListener('change', (event) => {
    state.logLr = event.target.checked;
    redraw();
  });
  const smoothing = page.querySelector('[data-control="smoothing"]');
  smoothing.addEventListener('input', () => {
    state.smoothing = Number(smoothing.value);
    page.querySelector('[data-role="smoothing-value"]').textContent = state.smoothing.toFixed(2);
    redraw();
  });
}

/**
 * A value as a table cell shows it: integers as they are, other numbers to five significant digits, lists
 * comma-separated, nested objects as JSON, nothing as a dash.
 * @param {unknown} value
 * @returns {string}
 */
export function formatValue(value) {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(5)));
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A table cell holding `text` as text, never markup; `scope` for a header cell. */
export function tableCell(tag, text, scope) {
  const element = document.createElement(tag);
  if (scope) element.scope = scope;
  element.textContent = text;
  return element;
}

/** A body row: `label` as its row header, then one cell per value, each formatted by {@link formatValue}. */
export function tableRow(label, values) {
  const tr = document.createElement('tr');
  tr.append(tableCell('th', formatValue(label), 'row'), ...values.map((value) => tableCell('td', formatValue(value))));
  return tr;
}
