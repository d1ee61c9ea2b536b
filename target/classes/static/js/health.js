/**
 * Reading Spring Boot Actuator's health document for people.
 * @module health
 */

/**
 * Summarises an actuator health document as one line, naming any component that is not UP.
 * @param {{status?: string, components?: Object<string, {status?: string}>}} health
 * @returns {{state: string, text: string}}
 */
export function summariseHealth(health) {
  const state = health?.status ?? 'UNKNOWN';
  const failing = Object.entries(health?.components ?? {})
    .filter(([, component]) => component?.status !== 'UP')
    .map(([name, component]) => `${name} ${component?.status ?? 'UNKNOWN'}`);
  const text = failing.length === 0 ? state : `${state} (${failing.join(', ')})`;
  return { state, text };
}
