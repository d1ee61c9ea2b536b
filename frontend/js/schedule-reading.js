/**
 * A run's schedule as `GET /api/runs/{id}` gives it: the launch body's schedule plus, for a script's run, what
 * Anneal's reading of its logged rate adds (where it comes from, how closely the rate keeps to it).
 * @module schedule-reading
 */

/** What the reading adds to a schedule, which the preview endpoint and a launch body do not take. */
const READING_FIELDS = ['source', 'rate_key', 'rate_points', 'max_relative_deviation', 'departures', 'note'];

/** The schedule of a reading, as the preview endpoint takes it; `null` when the reading has none. */
export function planOf(schedule) {
  if (!schedule || !schedule.kind) {
    return null;
  }
  const plan = { ...schedule };
  READING_FIELDS.forEach((field) => delete plan[field]);
  return plan;
}

/**
 * A run's settings as a comparison lists them: a trained run's config; a script's run's, with the schedule read from
 * its rate in place of the one it launched with (it launched with none), so the schedules of every run compared line
 * up setting by setting.
 * @param {object} view the run as `GET /api/compare` gives it
 */
export function comparedConfig(view) {
  if (view.kind !== 'external') {
    return view.config;
  }
  const plan = planOf(view.schedule);
  return plan ? { ...view.config, schedule: { ...plan, source: view.schedule.source } } : view.config;
}
