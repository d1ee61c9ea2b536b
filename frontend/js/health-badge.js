/**
 * The header's health badge: the server's state from the health address the page gives.
 * @module health-badge
 */
import { summariseHealth } from './health.js';

/**
 * Shows the server's health in `badge` (its `data-health-url`).
 * @param {HTMLElement} badge
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export async function createHealthBadge(badge, api) {
  try {
    // a server that is down still says why: its 503 carries the health document
    const { state, text } = summariseHealth(await api.getJson(badge.dataset.healthUrl, { allow: [503] }));
    badge.dataset.state = state;
    badge.textContent = text;
  } catch {
    badge.dataset.state = 'unreachable';
    badge.textContent = 'unreachable';
  }
}
