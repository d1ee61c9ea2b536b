/**
 * Moments as the account pages show them: a date and a time in UTC, the server's clock, so that two people reading
 * one page read the same thing; and how far off an expiry is.
 * @module when
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `2026-12-02 12:40 UTC`, or a dash for no moment.
 * @param {string|null|undefined} iso an ISO-8601 instant, as the API gives them
 * @returns {string}
 */
export function formatInstant(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * How far `iso` lies after `now`, in whole days or, under a day, hours: `in 30 days`, `in 5 hours`, `in under an
 * hour`; or `expired` once it has passed.
 * @param {string} iso
 * @param {Date} now
 * @returns {string}
 */
export function timeLeft(iso, now) {
  const left = new Date(iso).getTime() - now.getTime();
  if (left <= 0) return 'expired';
  if (left >= DAY_MS) {
    const days = Math.floor(left / DAY_MS);
    return `in ${days} ${days === 1 ? 'day' : 'days'}`;
  }
  const hours = Math.floor(left / (60 * 60 * 1000));
  if (hours === 0) return 'in under an hour';
  return `in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}
