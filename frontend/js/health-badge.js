import { summariseHealth } from './health.js';

const badge = document.querySelector('[data-health-url]');

async function showHealth() {
  try {
    const response = await fetch(badge.dataset.healthUrl, { headers: { Accept: 'application/json' } });
    const { state, text } = summariseHealth(await response.json());
    badge.dataset.state = state;
    badge.textContent = text;
  } catch {
    badge.dataset.state = 'unreachable';
    badge.textContent = 'unreachable';
  }
}

if (badge) {
  showHealth();
}
