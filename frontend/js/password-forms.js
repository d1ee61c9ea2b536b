/**
 * Password forms: one's own changed on the profile (the current one required), another user's reset by an admin on
 * the users page. Both post JSON through the page's one API client and show the server's reasons beside the fields.
 * @module password-forms
 */
import { expand } from './api.js';
import { clearFieldErrors, showFieldErrors } from './form-errors.js';

/**
 * The body a password form posts, from its fields; a repeated new password that differs is caught here, as no server
 * would know what was meant.
 * @param {FormData} fields `current_password` (own change only), `new_password`, `repeat_password`
 * @returns {{body?: object, mismatch?: string}}
 */
export function passwordBody(fields) {
  const next = String(fields.get('new_password') ?? '');
  if (fields.has('repeat_password') && String(fields.get('repeat_password')) !== next) {
    return { mismatch: 'the two new passwords differ' };
  }
  return fields.has('current_password')
    ? { body: { current_password: String(fields.get('current_password') ?? ''), new_password: next } }
    : { body: { new_password: next } };
}

/**
 * Runs a password form inside `root`: `data-url` (`…/{username}` on the users page, filled from the form's
 * `username`) and `data-done` (what to say once it worked).
 * @param {HTMLElement} root
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createPasswordForm(root, api) {
  const form = root.querySelector('form');
  const message = root.querySelector('[data-role="message"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form, message);
    const fields = new FormData(form);
    const { body, mismatch } = passwordBody(fields);
    if (mismatch) {
      showFieldErrors(form, message, { message: mismatch, fieldErrors: [{ field: 'repeat_password', message: mismatch }] },
        'The password was not changed:');
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const username = String(fields.get('username') ?? '').trim();
      await api.postJson(expand(root.dataset.url, { username }), body);
      form.reset();
      message.textContent = root.dataset.done.replace('{username}', username);
      message.classList.remove('bad');
      message.hidden = false;
    } catch (error) {
      showFieldErrors(form, message, error, 'The password was not changed:');
    } finally {
      button.disabled = false;
    }
  });
}
