/**
 * A launch body's fields on a page, as `fragments/launch-fields.html` draws them: on the launch form, and on the
 * sweep form as the base every trial starts from. The schedule's fields follow its kind (another kind's are hidden
 * and never sent) and say its unit, plateau restarts switch on and off, the fields read as a launch body, fill from
 * a run's config, and a field the sweep varies is marked as swept rather than read.
 * @module launch-fields
 */
import { belongsTo, bodyFrom, fieldTexts } from './launch-form.js';

/**
 * How a config's dataset or model names its upload, as the launch form's choice reads: `iris`, `small-cnn:1`;
 * `null` for a built-in one (a config stores the upload's facts, a launch body its name).
 * @param {object} [part] a config's `dataset` or `model`
 */
export function uploadOf(part) {
  if (part?.artifact) return part.artifact;
  const uploaded = part?.uploaded;
  if (!uploaded) return null;
  return uploaded.version ? `${uploaded.name}:${uploaded.version}` : uploaded.name;
}

/**
 * Wires the launch fields inside `container`.
 * @param {HTMLElement} container holds the fragment's fields, and the page's own ones (`data-path` marks a launch
 *     field wherever it is, so the launch form's name and tags are read alike)
 * @param {() => void} onChange told whenever what the fields send may have changed
 */
export function createLaunchFields(container, onChange) {
  const plateauSwitch = container.querySelector('[data-control="plateau"]');
  const plateau = container.querySelector('[data-role="plateau"]');
  const input = (path) => container.querySelector(`[data-path="${path}"]`);

  plateauSwitch.addEventListener('change', () => {
    plateau.disabled = !plateauSwitch.checked;
    onChange();
  });
  for (const builtin of container.querySelectorAll('[data-builtin]')) {
    input(builtin.dataset.builtin)?.addEventListener('change', showBuiltIns);
  }
  showBuiltIns();
  input('schedule.kind').addEventListener('change', showScheduleKind);
  input('schedule.unit').addEventListener('change', showScheduleUnit);
  showScheduleKind();
  showScheduleUnit();

  /** The schedule's fields follow its kind: another kind's are hidden, and left out of the body. */
  function showScheduleKind() {
    const kind = input('schedule.kind').value;
    for (const group of container.querySelectorAll('[data-kinds]')) {
      const mine = belongsTo(group.dataset.kinds, kind);
      group.hidden = !mine;
      group.disabled = !mine;
    }
  }

  /** A built-in dataset's or network's fields give way to an upload chosen in their place, and are not sent. */
  function showBuiltIns() {
    for (const builtin of container.querySelectorAll('[data-builtin]')) {
      const chosen = input(builtin.dataset.builtin)?.value ?? '';
      builtin.hidden = chosen !== '';
      builtin.disabled = chosen !== '';
    }
  }

  /** Cycle lengths and warmup count in the schedule's unit: say which next to them. */
  function showScheduleUnit() {
    const unit = input('schedule.unit').value;
    for (const label of container.querySelectorAll('[data-role="schedule-unit"]')) {
      label.textContent = `${unit}s`;
    }
  }

  /**
   * The launch body: every enabled field that is not swept; a checkbox only when it differs from the server's
   * default; plateau restarts, when switched on, with the server's defaults for what is blank.
   * @returns {object}
   */
  function body() {
    const fields = [...container.querySelectorAll('[data-path]')]
      .filter((field) => !field.disabled && !field.closest('fieldset:disabled'))
      .filter((field) => field.type !== 'checkbox' || String(field.checked) !== field.dataset.default)
      .map((field) => ({
        path: field.dataset.path,
        value: field.type === 'checkbox' ? String(field.checked) : field.value,
        kind: field.dataset.kind,
      }));
    const launchBody = bodyFrom(fields);
    if (!plateau.matches(':disabled')) { // off, or in the fields of a kind other than cosine
      launchBody.schedule ??= {};
      launchBody.schedule.restart_on_plateau ??= {};
    }
    return launchBody;
  }

  /**
   * Every field as `config` has it; fields it leaves out keep what they show.
   * @param {object} config a run's config, or part of a launch body
   */
  function fill(config) {
    const texts = fieldTexts(config);
    for (const field of container.querySelectorAll('[data-path]')) {
      const path = field.dataset.path;
      if (!texts.has(path)) continue;
      if (field.type === 'checkbox') field.checked = texts.get(path) === 'true';
      else field.value = texts.get(path);
    }
    const hasPlateau = Boolean(config.schedule?.restart_on_plateau);
    plateauSwitch.checked = hasPlateau;
    plateau.disabled = !hasPlateau;
    choose('dataset.artifact', uploadOf(config.dataset));
    choose('model.artifact', uploadOf(config.model));
    showScheduleKind();
    showScheduleUnit();
    showBuiltIns();
  }

  /** Picks `value` in the select at `path`; an upload no longer offered (deleted) is added, to be refused. */
  function choose(path, value) {
    const select = input(path);
    if (!select) return;
    if (value === null) {
      select.value = ''; // a built-in one
      return;
    }
    if (![...select.options].some((option) => option.value === value)) {
      select.add(new Option(value, value));
    }
    select.value = value;
  }

  /**
   * Marks the fields at `paths` as swept: shown, kept for when they no longer are, but left out of the body, since
   * each trial's value replaces them. Every other field is read again.
   * @param {Set<string>} paths
   */
  function markSwept(paths) {
    for (const field of container.querySelectorAll('[data-path]')) {
      const swept = paths.has(field.dataset.path);
      field.disabled = swept;
      field.closest('.field')?.classList.toggle('swept', swept);
      if (swept) field.title = 'Swept: each trial sets its own value (see Parameters)';
      else field.removeAttribute('title');
    }
  }

  return { body, fill, input, markSwept };
}
