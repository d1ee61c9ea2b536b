/**
 * A run's summary and provenance as a researcher reads them: durations in seconds and minutes, rates to three
 * significant digits, accuracies as percentages, each best figure with the step and epoch it came at, hashes
 * shortened with the whole value kept for a tooltip and a copy button, and each fact once.
 * @module run-facts
 */

const COUNT = new Intl.NumberFormat('en-US');
const HASH = /^[0-9a-f]{32,}$/i;

/**
 * @typedef {object} Fact
 * @property {string} label what it is
 * @property {string} text how it reads
 * @property {string} [full] the whole value, where the text shortens it (a hash)
 */

/** A duration in seconds as "11.8 s", "12 min 40 s" or "2 h 5 min". */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Number(seconds.toPrecision(3))} s`;
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** A number to `digits` significant digits, in plain notation down to 1e-4, in exponent notation below. */
export function formatSignificant(value, digits = 3) {
  if (!Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

/** A fraction as a percentage with two decimals: 0.99767 → "99.77 %". */
export function formatPercent(fraction) {
  return Number.isFinite(fraction) ? `${(100 * fraction).toFixed(2)} %` : '—';
}

/** A whole count with thousands separated, as the charts write them. */
export function formatCount(value) {
  return Number.isFinite(value) ? COUNT.format(value) : '—';
}

/**
 * "step 1,500 · epoch 6" for a step of a run with `stepsPerEpoch` steps an epoch (the epoch left out when that is
 * unknown).
 */
export function formatStep(step, stepsPerEpoch) {
  if (!Number.isFinite(step)) return '—';
  if (!Number.isFinite(stepsPerEpoch) || stepsPerEpoch <= 0) return `step ${formatCount(step)}`;
  return `step ${formatCount(step)} · epoch ${Number((step / stepsPerEpoch).toFixed(1))}`;
}

/** A value by what its key says it is: `_acc` a percentage, `_lr` a rate, `_loss` a loss, `_seconds` a duration. */
export function formatByKey(key, value) {
  if (typeof value !== 'number') return Array.isArray(value) ? value.join(', ') : String(value);
  if (key.endsWith('_acc')) return formatPercent(value);
  if (key.endsWith('_seconds')) return formatDuration(value);
  if (key.endsWith('_lr') || key.endsWith('_loss')) return formatSignificant(value, key.endsWith('_lr') ? 3 : 4);
  if (Number.isInteger(value)) return formatCount(value);
  return formatSignificant(value, 4);
}

/**
 * The facts of a summary, in the order a researcher looks for them: each best figure with the step (and epoch) it
 * came at in one row, then anything else the summary holds, nested keys dotted. The dataset's fingerprint is left to
 * {@link provenanceFacts}.
 *
 * @param {object} summary the run's summary as the API gives it
 * @param {number} [stepsPerEpoch] to tell a step's epoch
 * @returns {Fact[]}
 */
export function summaryFacts(summary, stepsPerEpoch) {
  const facts = [];
  const used = new Set(['dataset_fingerprint', 'cycle_ends']); // cycle ends are a table of their own
  const take = (key, label, text) => {
    if (summary?.[key] === undefined || summary[key] === null) return;
    used.add(key);
    facts.push({ label, text: text(summary[key]) });
  };
  const atStep = (key) => {
    const step = summary?.[`${key}_step`];
    used.add(`${key}_step`);
    return Number.isFinite(step) ? ` at ${formatStep(step, stepsPerEpoch)}` : '';
  };
  take('best_val_loss', 'best validation loss', (v) => formatSignificant(v, 4) + atStep('best_val_loss'));
  take('best_val_acc', 'best validation accuracy', (v) => formatPercent(v) + atStep('best_val_acc'));
  const ensemble = summary?.ensemble;
  take('test_acc', ensemble ? 'test accuracy (last weights)' : 'test accuracy', formatPercent);
  take('ensemble', 'snapshot ensemble', (e) => {
    const figures = Number.isFinite(e.test_acc)
      ? `${formatPercent(e.test_acc)} test, ${formatPercent(e.val_acc)} validation (loss ${formatSignificant(e.val_loss, 4)})`
      : `validation loss ${formatSignificant(e.val_loss, 4)}`;
    return `${figures}: ${formatCount(e.members)} snapshots, evaluated in ${formatDuration(e.seconds)}`;
  });
  take('snapshots', 'snapshots', (list) => list
    .map((s) => `epoch ${Number(s.epoch.toFixed(2))}: ${Number.isFinite(s.test_acc)
      ? formatPercent(s.test_acc) : `loss ${formatSignificant(s.val_loss, 4)}`}`)
    .join(' · '));
  take('final_lr', 'final learning rate', (v) => formatSignificant(v, 3));
  take('restarts', 'restarts', (v) => {
    const plateau = summary.plateau_restarts;
    used.add('plateau_restarts');
    return plateau > 0 ? `${formatCount(v)} (${formatCount(plateau)} on plateau)` : formatCount(v);
  });
  take('steps', 'steps', formatCount);
  take('wall_seconds', 'training time', formatDuration);
  take('parameter_count', 'parameters', formatCount);
  for (const [key, value] of flat(summary ?? {})) {
    if (!used.has(key.split('.')[0]) && value !== null && value !== undefined) {
      facts.push({ label: key, text: formatByKey(key, value) });
    }
  }
  return facts;
}

/**
 * Where a run's results come from: its data (each file's checksum shortened, the whole kept), the build that trained
 * it, the device and the worker.
 *
 * @param {object} run the run as the API gives it
 * @returns {Fact[]}
 */
export function provenanceFacts(run) {
  const facts = [];
  for (const [key, value] of Object.entries(run.dataset_fingerprint ?? {})) {
    facts.push(hashOrText(`dataset ${key}`, String(value)));
  }
  if (run.code_version) facts.push({ label: 'code version', text: run.code_version });
  if (run.device) facts.push({ label: 'device', text: run.device });
  if (run.worker) facts.push({ label: 'worker', text: run.worker });
  return facts;
}

function hashOrText(label, value) {
  return HASH.test(value) ? { label, text: `${value.slice(0, 12)}…`, full: value } : { label, text: value };
}

function* flat(document, prefix = '') {
  for (const [key, value] of Object.entries(document)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      yield* flat(value, path);
    } else {
      yield [path, value];
    }
  }
}

/**
 * A script's metrics at each cycle's end as a table: a row per cycle, a column per metric any cycle logged.
 *
 * @param {Array<{cycle: number, step: number, values: Object<string, number>}>} [cycleEnds] the summary's
 * @returns {{columns: string[], rows: Array<Array<string|null>>}} the header (`cycle`, `ends at step`, then each
 *   metric) and each row's cells, formatted as the summary's figures are; `null` where a cycle logged no value
 */
export function cycleEndTable(cycleEnds) {
  const keys = [...new Set((cycleEnds ?? []).flatMap((end) => Object.keys(end.values)))];
  return {
    columns: ['cycle', 'ends at step', ...keys],
    rows: (cycleEnds ?? []).map((end) => [
      formatCount(end.cycle),
      formatCount(end.step),
      ...keys.map((key) => (Number.isFinite(end.values[key]) ? formatByKey(key, end.values[key]) : null)),
    ]),
  };
}
