/**
 * The launch form's data: fields named by their path in the launch body (`schedule.t_mult`), turned into the body
 * the API takes, filled back from a run's config for a clone, and the schedule preview's request.
 * @module launch-form
 */
import { flatten } from './config-diff.js';

/**
 * What the server says of its datasets (the launch page's `data-datasets`): each one's training pool before the
 * validation split, by API name, and the one a launch that names none trains on.
 * @typedef {{sizes: Record<string, number>, default_name: string, uploaded?: Record<string, number>}} Datasets
 */

/** What each kind of schedule needs beyond base_lr before it can be drawn: its fields without a default. */
export const REQUIRED = {
  cosine: ['t_max'],
  constant: [],
  step: ['step_size'],
  multistep: ['milestones'],
  exponential: ['gamma'],
  linear: [],
  one_cycle: ['total'],
};

/** A number, or a list of them, as {@link parseField} reads a filled-in field. */
function isGiven(value) {
  return typeof value === 'number' || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number'));
}

/**
 * Which kinds of schedule a group of the form's fields belongs to, as its `data-kinds` lists them.
 * @param {string} kinds space-separated kinds
 * @param {string} kind the chosen kind
 */
export function belongsTo(kinds, kind) {
  return kinds.split(/\s+/).includes(kind);
}

/** Points a preview asks for per epoch of an epoch-based schedule: the curve's shape needs no more. */
const PREVIEW_STEPS_PER_EPOCH = 100;
const PREVIEW_MAX_STEPS = 100000;

/**
 * Parses one field's text as its kind says. Blank fields are left out, so the server fills in its default.
 * @param {string} raw the field's text (or `'true'`/`'false'` for a checkbox)
 * @param {string} kind `text`, `number`, `integer`, `boolean`, `integers`, `numbers` or `texts`
 * @returns {unknown|undefined} the value, or `undefined` for a blank field
 */
export function parseField(raw, kind) {
  const text = String(raw ?? '').trim();
  if (kind === 'boolean') {
    return text === 'true';
  }
  if (text === '') {
    return undefined;
  }
  const list = () => text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  switch (kind) {
    case 'number':
    case 'integer':
      // a number the field cannot read goes as written: the server names the field and why
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case 'integers':
    case 'numbers':
      return list().map((item) => (Number.isFinite(Number(item)) ? Number(item) : item));
    case 'texts':
      return list();
    default:
      return text;
  }
}

/**
 * The launch body from the form's fields.
 * @param {Array<{path: string, value: string, kind: string}>} fields
 * @returns {object} nested by the dotted paths; blank fields left out
 */
export function bodyFrom(fields) {
  const body = {};
  for (const { path, value, kind } of fields) {
    const parsed = parseField(value, kind);
    if (parsed === undefined) {
      continue;
    }
    const keys = path.split('.');
    let target = body;
    for (const key of keys.slice(0, -1)) {
      target[key] ??= {};
      target = target[key];
    }
    target[keys[keys.length - 1]] = parsed;
  }
  return body;
}

/**
 * The text each field shows for a run's config, for "Clone": lists comma-separated, nulls blank.
 * @param {object} config a run's config (every default filled in)
 * @returns {Map<string, string>} field path to its text
 */
export function fieldTexts(config) {
  const texts = new Map();
  for (const [path, value] of flatten(config)) {
    texts.set(path, value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value));
  }
  return texts;
}

/**
 * The preview request for a launch body: an epoch-based schedule at {@link PREVIEW_STEPS_PER_EPOCH} points an
 * epoch (the shape does not depend on the data); a step-based one at the run's estimated steps.
 *
 * @param {object} body a launch body, as {@link bodyFrom} makes it
 * @param {Datasets} datasets the server's datasets, for a step-based schedule's estimate
 * @returns {{request: object, stepsPerEpoch: number}|null} `null` while the schedule lacks what a preview needs
 */
export function previewRequest(body, datasets) {
  const schedule = body.schedule ?? {};
  const needed = ['base_lr', ...(REQUIRED[schedule.kind ?? 'cosine'] ?? [])];
  if (!needed.every((field) => isGiven(schedule[field]))) {
    return null;
  }
  const training = body.training ?? {};
  const epochs = Number.isInteger(training.epochs) && training.epochs > 0 ? training.epochs : 15;
  let stepsPerEpoch;
  if ((schedule.unit ?? 'epoch') === 'epoch') {
    stepsPerEpoch = Math.max(1, Math.min(PREVIEW_STEPS_PER_EPOCH, Math.floor(PREVIEW_MAX_STEPS / epochs)));
  } else {
    stepsPerEpoch = estimatedStepsPerEpoch(body, datasets);
  }
  const totalSteps = Math.min(PREVIEW_MAX_STEPS, epochs * stepsPerEpoch);
  const request = { schedule, total_steps: totalSteps };
  if ((schedule.unit ?? 'epoch') === 'epoch') {
    request.steps_per_epoch = stepsPerEpoch;
  }
  return { request, stepsPerEpoch };
}

/**
 * Optimizer steps an epoch of the body's run takes, from its dataset, split, batch size and accumulation.
 * @param {object} body
 * @param {Datasets} datasets
 */
export function estimatedStepsPerEpoch(body, datasets) {
  const dataset = body.dataset ?? {};
  const training = body.training ?? {};
  const builtIn = datasets.sizes[dataset.name ?? datasets.default_name] ?? datasets.sizes[datasets.default_name];
  const pool = dataset.artifact ? datasets.uploaded?.[dataset.artifact] ?? builtIn : builtIn;
  const size = Math.min(dataset.limit ?? Infinity, pool);
  const train = Math.round(size * (1 - (dataset.val_fraction ?? 0.1)));
  const batches = Math.ceil(train / (training.batch_size ?? 128));
  return Math.max(1, Math.ceil(batches / (training.grad_accum_steps ?? 1)));
}
