/**
 * Which settings of several runs differ.
 * @module config-diff
 */

/**
 * Flattens a run's config into dotted paths (`schedule.t_mult`); arrays (such as hidden sizes) stay whole values.
 * @param {object} config
 * @param {string} [prefix]
 * @returns {Map<string, unknown>}
 */
export function flatten(config, prefix = '') {
  const flat = new Map();
  for (const [key, value] of Object.entries(config ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of flatten(value, path)) {
        flat.set(inner, innerValue);
      }
    } else {
      flat.set(path, value);
    }
  }
  return flat;
}

/**
 * One row per setting any of the runs has, in path order, with each run's value (`undefined` where a run lacks
 * it) and whether they differ. A setting left unset (`null`, as a rule that is off) counts as missing: its parts,
 * where another run has them, show as missing rather than as a row of their own.
 *
 * @param {object[]} configs the runs' configs, in the order of the table's columns
 * @returns {Array<{path: string, values: unknown[], differs: boolean}>}
 */
export function diffConfigs(configs) {
  const flats = configs.map((config) => new Map([...flatten(config)].filter(([, value]) => value !== null)));
  const paths = [...new Set(flats.flatMap((flat) => [...flat.keys()]))].sort();
  return paths.map((path) => {
    const values = flats.map((flat) => flat.get(path));
    const first = JSON.stringify(values[0]);
    return { path, values, differs: values.some((value) => JSON.stringify(value) !== first) };
  });
}
