/**
 * The launch form: a live preview of the schedule as the fields change, the server's validation errors next to
 * their fields, and on success the new run's page. "Clone" pre-fills it from a run's config.
 * @module launch-page
 */
import { expand } from './api.js';
import { clearFieldErrors, showFieldErrors } from './form-errors.js';
import { createLaunchFields } from './launch-fields.js';
import { previewRequest } from './launch-form.js';

const PREVIEW_DELAY_MS = 250;

/**
 * Wires the launch form in `root`: its preview, its validation errors, its launch and its clone.
 * @param {HTMLElement} root the page's main element, with the server's `data-*` facts
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createLaunchPage(root, api) {
  const { Chart } = globalThis;
  const page = root;
  const datasets = JSON.parse(root.dataset.datasets);
  const form = page.querySelector('.launch-form');
  const fields = createLaunchFields(form, schedulePreview);
  const chart = new Chart(document.getElementById('preview-chart'), {
    type: 'line',
    data: { datasets: [{ label: 'learning rate', data: [], borderColor: '#c2410c', borderWidth: 2, pointRadius: 0 }] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'epoch' } },
        y: { type: 'linear', title: { display: true, text: 'learning rate' } },
      },
    },
  });
  let previewTimer = null;
  let previewsAsked = 0;

  form.addEventListener('input', schedulePreview);
  form.addEventListener('change', schedulePreview);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    launch();
  });

  prefill().finally(preview);

  function schedulePreview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(preview, PREVIEW_DELAY_MS);
  }

  /** Asks the server for the schedule's rates; an answer overtaken by a later question is dropped. */
  async function preview() {
    const asked = ++previewsAsked;
    const launchBody = fields.body();
    const planned = previewRequest(launchBody, datasets);
    const note = page.querySelector('[data-role="preview-note"]');
    if (!planned) {
      note.textContent = 'Fill in the rate and the fields marked required for this kind to see the schedule.';
      return;
    }
    let answer;
    let refused;
    try {
      answer = await api.postJson(root.dataset.previewUrl, planned.request);
    } catch (error) {
      refused = error;
    }
    if (asked !== previewsAsked) {
      return;
    }
    clearErrors((path) => path.startsWith('schedule.'));
    if (refused) {
      showErrors(refused, 'The schedule cannot be drawn:');
      return;
    }
    const byEpoch = (launchBody.schedule.unit ?? 'epoch') === 'epoch';
    chart.data.datasets[0].data = answer.points.map((point, step) => ({
      x: byEpoch ? step / planned.stepsPerEpoch : step,
      y: point.lr,
    }));
    chart.options.scales.x.title.text = byEpoch ? 'epoch' : 'optimizer step (estimated)';
    chart.update('none');
    page.dataset.previewPoints = String(answer.points.length);
    const kind = launchBody.schedule.kind ?? 'cosine';
    const shape = kind === 'cosine'
      ? `${answer.cycles.length} cycle${answer.cycles.length === 1 ? '' : 's'}`
      : `A ${kind.replace('_', '-')} schedule`;
    note.textContent = `${shape} over ${planned.request.total_steps / planned.stepsPerEpoch} epochs`
      + (byEpoch ? '.' : ` (about ${planned.stepsPerEpoch} steps an epoch).`);
    const warnings = page.querySelector('[data-role="warnings"]');
    warnings.replaceChildren(...answer.warnings.map((warning) => {
      const item = document.createElement('li');
      item.dataset.code = warning.code;
      item.textContent = warning.message;
      return item;
    }));
  }

  async function launch() {
    clearErrors(() => true);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const run = await api.postJson(root.dataset.launchUrl, fields.body());
      window.location.assign(expand(root.dataset.runPageUrl, { id: run.id }));
    } catch (error) {
      showErrors(error, 'The run was not launched:');
    } finally {
      button.disabled = false;
    }
  }

  function showErrors(refused, heading) {
    showFieldErrors(form, page.querySelector('[data-role="form-error"]'), refused, heading);
  }

  function clearErrors(which) {
    clearFieldErrors(form, page.querySelector('[data-role="form-error"]'), which);
  }

  /**
   * "Clone": every field as the run had it, under a new name; or, from a model's or dataset's page, that upload
   * picked.
   */
  async function prefill() {
    if (!root.dataset.cloneUrl) {
      const { modelArtifact, datasetArtifact } = root.dataset;
      if (!modelArtifact && !datasetArtifact) return;
      fields.fill({
        ...(modelArtifact ? { model: { artifact: modelArtifact } } : {}),
        ...(datasetArtifact ? { dataset: { artifact: datasetArtifact } } : {}),
      });
      return;
    }
    let run;
    try {
      run = await api.getJson(root.dataset.cloneUrl);
    } catch {
      return; // the form stays empty: the page itself found the run, so it is a passing failure
    }
    fields.fill({ ...run.config, name: `${run.name} (copy)` });
    // "Use this rate" from a range test: the rates it hinted at, in the schedule it had none of
    for (const [path, value] of [['schedule.base_lr', root.dataset.baseLr], ['schedule.eta_min', root.dataset.etaMin]]) {
      if (value) fields.input(path).value = value;
    }
    if (root.dataset.baseLr) {
      fields.input('name').value = `${run.name} at base_lr ${root.dataset.baseLr}`;
    }
  }
}
