/**
 * The sweep form: a parameter editor, how to search and how to stop early, the launch fields every trial starts from
 * (the launch form's own, a swept one marked as such), with a live count
 * of trials and of their steps (the server's own preview, so the count and every refusal are the ones creating the
 * sweep would give) before anything is launched. "Sweep around this" starts it from a run or a range test.
 * @module sweep-form
 */
import { clearFieldErrors, showFieldErrors } from './form-errors.js';
import { createLaunchFields } from './launch-fields.js';
import { formatCount, formatSignificant } from './run-facts.js';
import { planOf } from './schedule-reading.js';

const PREVIEW_DELAY_MS = 400;
const KINDS = ['values', 'log_uniform', 'uniform', 'int_uniform'];

/** What a new sweep starts from: a small CNN on Fashion-MNIST, and the two fields the seed says to sweep first. */
export const STARTER = Object.freeze({
  base: {
    dataset: { name: 'fashion-mnist', limit: 10000, val_fraction: 0.1 },
    model: { name: 'cnn' },
    optimizer: { name: 'sgd', momentum: 0.9, nesterov: true, weight_decay: 5e-4 },
    schedule: { base_lr: 0.05, eta_min: 0, t_max: 1, unit: 'epoch' },
    training: { epochs: 6, batch_size: 128, seed: 42 },
  },
  parameters: [
    { path: 'schedule.base_lr', kind: 'values', values: '0.01, 0.05, 0.2' },
    { path: 'schedule.t_mult', kind: 'values', values: '1, 2' },
  ],
});

/**
 * The values a row lists, each read as JSON where it is JSON (`2`, `0.1`, `true`, `[64, 32]`) and as text otherwise
 * (`sgd`), split at top-level commas.
 * @param {string} text
 * @returns {unknown[]}
 */
export function parseValues(text) {
  const items = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[' || char === '{') depth++;
    if (char === ']' || char === '}') depth--;
    if (char === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== '').map((item) => {
    try {
      return JSON.parse(item);
    } catch {
      return item;
    }
  });
}

/**
 * A parameter row as the API takes it.
 * @param {{kind: string, values?: string, min?: string, max?: string}} row
 */
export function parameterRequest(row) {
  if (row.kind === 'values') return { values: parseValues(row.values ?? '') };
  const number = (text) => (text === undefined || text === '' ? null : Number(text));
  return { distribution: row.kind, min: number(row.min), max: number(row.max) };
}

/**
 * The paths the parameter rows name, each once.
 * @param {{path: string}[]} rows
 * @returns {Set<string>}
 */
export function sweptPaths(rows) {
  return new Set(rows.map((row) => row.path.trim()).filter((path) => path !== ''));
}

/**
 * The request body of the form's state; fields left empty are left out, for the server's defaults.
 * @param {object} state the sweep's fields, its parameter rows, and `base`, the launch body its fields give
 * @returns {object}
 */
export function sweepBody(state) {
  const body = { base: state.base, method: state.method, parameters: {} };
  for (const row of state.parameters) {
    if (row.path.trim() !== '') body.parameters[row.path.trim()] = parameterRequest(row);
  }
  for (const field of ['name', 'experiment']) {
    if (state[field]?.trim()) body[field] = state[field].trim();
  }
  for (const field of ['seed', 'seeds', 'parallelism', 'run_cap']) {
    if (state[field] !== undefined && state[field] !== '') body[field] = Number(state[field]);
  }
  body.metric = { name: state.metric };
  if (state.asha) {
    body.early_terminate = { type: 'asha', rung: state.rung, eta: Number(state.eta), grace: Number(state.grace),
      min_peers: Number(state.minPeers) };
  }
  return body;
}

/** Three values around `rate`: a third of it, it, three times it, each to three significant digits. */
export function ratesAround(rate) {
  return [rate / 3, rate, rate * 3].map((value) => Number(formatSignificant(value, 3)));
}

/**
 * "Sweep around this": a sweep that starts from `run`. A training run's config is the base, its rate swept a factor
 * of three either way and, for cosine annealing, t_mult 1 against 2; a range test's data, model and optimizer are
 * the base, with its hinted schedule, its suggested rate swept likewise.
 * @param {object} run as the API gives it
 */
export function aroundRun(run) {
  if (run.kind === 'external') {
    return aroundScript(run);
  }
  const config = structuredClone(run.config);
  for (const field of ['name', 'tags', 'notes', 'kind', 'experiment']) delete config[field];
  if (run.kind === 'lr_range_test') {
    const hint = run.summary?.range_test?.schedule_hint;
    delete config.range_test;
    const baseLr = hint?.base_lr ?? 0.05;
    config.schedule = { base_lr: Number(formatSignificant(baseLr, 3)),
      eta_min: Number(formatSignificant(hint?.eta_min ?? 0, 3)), t_max: 1, unit: 'epoch' };
    config.training = { ...config.training };
    return {
      name: `${run.name}-sweep`, experiment: run.experiment, base: config,
      parameters: [
        { path: 'schedule.base_lr', kind: 'values', values: ratesAround(baseLr).join(', ') },
        { path: 'schedule.t_mult', kind: 'values', values: '1, 2' },
      ],
    };
  }
  const schedule = config.schedule ?? {};
  const parameters = [{ path: 'schedule.base_lr', kind: 'values', values: ratesAround(schedule.base_lr ?? 0.05).join(', ') }];
  if ((schedule.kind ?? 'cosine') === 'cosine') parameters.push({ path: 'schedule.t_mult', kind: 'values', values: '1, 2' });
  return { name: `${run.name}-sweep`, experiment: run.experiment, base: config, parameters };
}

/**
 * "Sweep around this" from a run a script logged: the schedule Anneal read from its rate (declared or inferred, in
 * steps) is the base's, trained by Anneal's own model and data (a new sweep's, to choose from in the form);
 * its rate swept a factor of three either way and, for cosine annealing, t_mult 1 against 2. A run without a schedule
 * starts from the form's own.
 * @param {object} run as the API gives it, of kind `external`
 */
function aroundScript(run) {
  const plan = planOf(run.schedule);
  const base = structuredClone(STARTER.base);
  if (plan) {
    // what inference recovers carries rounding in its last digits (eta_min 0.0010000000000000005): a form shows twelve
    base.schedule = Object.fromEntries(Object.entries(plan)
      .map(([key, value]) => [key, typeof value === 'number' ? Number(value.toPrecision(12)) : value]));
  }
  const baseLr = base.schedule?.base_lr ?? 0.05;
  const parameters = [{ path: 'schedule.base_lr', kind: 'values', values: ratesAround(baseLr).join(', ') }];
  if ((base.schedule?.kind ?? 'cosine') === 'cosine') {
    parameters.push({ path: 'schedule.t_mult', kind: 'values', values: '1, 2' });
  }
  const note = plan
    ? `Starts from the ${run.schedule.source} schedule of the script's run ${run.name}, in its steps; the trials `
      + 'train Anneal\'s own model and data, chosen below (a script\'s own are not in Anneal).'
    : `The script's run ${run.name} has no schedule Anneal could read: the sweep starts from Anneal's own.`;
  return { name: `${run.name}-sweep`, experiment: run.experiment, base, parameters, note };
}

/**
 * The live count in words: "12 trials (6 configurations × 2 seeds), 5,112 steps at most".
 * @param {{trials: number, configurations: number, total_steps: number}} preview
 * @param {number} seeds
 */
export function countText(preview, seeds) {
  const trials = `${formatCount(preview.trials)} ${preview.trials === 1 ? 'trial' : 'trials'}`;
  const how = seeds > 1 ? ` (${formatCount(preview.configurations)} configurations × ${seeds} seeds)` : '';
  return `${trials}${how}, ${formatCount(preview.total_steps)} steps at most`;
}

/**
 * Runs the sweep form `root`.
 * @param {HTMLElement} root with `data-sweeps-url`, `data-preview-url`, `data-sweep-page-url` and, to start from
 *     a run, `data-run-url`
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createSweepForm(root, api) {
  const form = root.querySelector('form');
  const box = root.querySelector('[data-role=form-errors]');
  const rows = root.querySelector('[data-role=parameters] tbody');
  const field = (name) => form.querySelector(`[data-field="${name}"]`);
  const base = createLaunchFields(root.querySelector('.base-fields'), schedulePreview);
  let timer = null;
  let asked = 0;

  function addRow(row = { path: '', kind: 'values', values: '' }) {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td><div class="field"><input data-part="path" aria-label="Field path" placeholder="schedule.t_mult"
        autocomplete="off"><span class="field-error"></span></div></td>
      <td><select data-part="kind" aria-label="Kind">${KINDS.map((k) => `<option>${k}</option>`).join('')}</select></td>
      <td><input data-part="values" aria-label="Values" placeholder="1, 2"></td>
      <td><input data-part="min" aria-label="Minimum" type="number" step="any"></td>
      <td><input data-part="max" aria-label="Maximum" type="number" step="any"></td>
      <td><button type="button" data-action="remove" aria-label="Remove this parameter">✕</button></td>`;
    const part = (name) => tr.querySelector(`[data-part=${name}]`);
    part('path').value = row.path;
    part('kind').value = row.kind;
    part('values').value = row.values ?? '';
    part('min').value = row.min ?? '';
    part('max').value = row.max ?? '';
    const sync = () => {
      const listed = part('kind').value === 'values';
      part('values').disabled = !listed;
      part('min').disabled = listed;
      part('max').disabled = listed;
      tr.querySelector('.field-error').dataset.errorFor = `parameters.${part('path').value.trim()}`;
    };
    part('kind').addEventListener('change', sync);
    part('path').addEventListener('input', sync);
    tr.querySelector('[data-action=remove]').addEventListener('click', () => {
      tr.remove();
      schedulePreview();
    });
    sync();
    rows.append(tr);
  }

  function state() {
    const parameters = parameterRows();
    base.markSwept(sweptPaths(parameters)); // before the base is read: what the trials set is left out of it
    return {
      name: field('name').value, experiment: field('experiment').value, method: field('method').value,
      run_cap: field('run_cap').value, seed: field('seed').value, seeds: field('seeds').value,
      parallelism: field('parallelism').value, metric: field('metric.name').value, base: base.body(),
      asha: field('asha').checked, rung: field('early_terminate.rung').value, eta: field('early_terminate.eta').value,
      grace: field('early_terminate.grace').value, minPeers: field('early_terminate.min_peers').value,
      parameters,
    };
  }

  function fill(start) {
    const note = root.querySelector('[data-role=start-note]');
    note.hidden = !start.note;
    note.textContent = start.note ?? '';
    if (start.name) field('name').value = start.name;
    if (start.experiment) field('experiment').value = start.experiment;
    base.fill(start.base);
    rows.replaceChildren();
    start.parameters.forEach(addRow);
  }

  /** The parameter rows as they stand. */
  function parameterRows() {
    return [...rows.querySelectorAll('tr')].map((tr) => ({
      path: tr.querySelector('[data-part=path]').value,
      kind: tr.querySelector('[data-part=kind]').value,
      values: tr.querySelector('[data-part=values]').value,
      min: tr.querySelector('[data-part=min]').value,
      max: tr.querySelector('[data-part=max]').value,
    }));
  }

  async function preview() {
    const ask = ++asked;
    const count = root.querySelector('[data-role=count]');
    const warnings = root.querySelector('[data-role=warnings]');
    const body = sweepBody(state());
    clearFieldErrors(form, box);
    try {
      const answer = await api.postJson(root.dataset.previewUrl, body);
      if (ask !== asked) return; // a later change asked again
      count.textContent = countText(answer, body.seeds ?? 1);
      warnings.replaceChildren(...answer.warnings.map((text) => {
        const li = document.createElement('li');
        li.textContent = text;
        return li;
      }));
    } catch (error) {
      if (ask !== asked) return;
      count.textContent = 'Not countable yet: the sweep has problems.';
      warnings.replaceChildren();
      showFieldErrors(form, box, error, 'Not yet:');
    }
  }

  function schedulePreview() {
    clearTimeout(timer);
    timer = setTimeout(preview, PREVIEW_DELAY_MS);
  }

  form.addEventListener('input', schedulePreview);
  form.addEventListener('change', schedulePreview);
  root.querySelector('[data-action=add-parameter]').addEventListener('click', () => addRow());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = sweepBody(state());
    clearFieldErrors(form, box);
    try {
      const sweep = await api.postJson(root.dataset.sweepsUrl, body);
      window.location.assign(`${root.dataset.sweepPageUrl}${sweep.id}`);
    } catch (error) {
      showFieldErrors(form, box, error, 'The sweep was not started:');
    }
  });

  (async () => {
    if (root.dataset.runUrl) {
      try {
        fill(aroundRun(await api.getJson(root.dataset.runUrl)));
      } catch (error) {
        fill(STARTER);
        showFieldErrors(form, box, error, 'The run could not be read:');
      }
    } else {
      fill(STARTER);
    }
    await preview();
  })();
}
