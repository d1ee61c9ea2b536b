/**
 * The admins' page of users: each user's role (a choice that applies at once), whether they may sign in (disable,
 * enable), and a form to add one. What the server refuses (the last admin demoted, a short password) is said where
 * it was asked.
 * @module users-page
 */
import { expand } from './api.js';
import { clearFieldErrors, showFieldErrors } from './form-errors.js';
import { tableCell } from './page-kit.js';
import { formatInstant } from './when.js';

/**
 * The body of `POST /api/users` from the form's fields.
 * @param {FormData} fields
 */
export function createBody(fields) {
  return {
    username: String(fields.get('username') ?? '').trim(),
    password: String(fields.get('password') ?? ''),
    role: String(fields.get('role') ?? ''),
  };
}

/**
 * What a user's state cell says and what its button offers.
 * @param {{disabled: boolean}} user
 * @returns {{state: string, action: string, change: {disabled: boolean}}}
 */
export function accessOf(user) {
  return user.disabled
    ? { state: 'disabled', action: 'Enable', change: { disabled: false } }
    : { state: 'active', action: 'Disable', change: { disabled: true } };
}

/**
 * Runs the users page `root`.
 * @param {HTMLElement} root with `data-users-url`, `data-user-url` (`…/{username}`), `data-roles` and `data-me`
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createUsersPage(root, api) {
  const roles = root.dataset.roles.split(',');
  const form = root.querySelector('form[data-role="create"]');
  const message = root.querySelector('[data-role="message"]');
  const body = root.querySelector('tbody');
  const userUrl = (username) => expand(root.dataset.userUrl, { username });

  async function load() {
    const users = await api.getJson(root.dataset.usersUrl);
    body.replaceChildren(...users.map(row));
  }

  function row(user) {
    const tr = document.createElement('tr');
    tr.dataset.username = user.username;
    tr.dataset.disabled = String(user.disabled);
    const name = tableCell('th', user.username === root.dataset.me ? `${user.username} (you)` : user.username, 'row');

    const role = document.createElement('select');
    role.dataset.control = 'role';
    role.setAttribute('aria-label', `Role of ${user.username}`);
    for (const choice of roles) {
      role.append(new Option(choice, choice, false, choice === user.role));
    }
    const access = accessOf(user);
    const state = tableCell('td', access.state);
    const since = tableCell('td', formatInstant(user.created_at));
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.dataset.action = 'toggle';
    toggle.textContent = access.action;
    toggle.setAttribute('aria-label', `${access.action} ${user.username}`);

    const roleCell = document.createElement('td');
    roleCell.append(role);
    const actionCell = document.createElement('td');
    actionCell.append(toggle);
    tr.append(name, roleCell, state, since, actionCell);
    if (user.disabled) tr.classList.add('dead');
    return tr;
  }

  /** Sends one change of one user, then shows the table as the server has it (a refused change included). */
  async function change(username, what, done) {
    try {
      await api.patchJson(userUrl(username), what);
      say(done, 'status');
    } catch (error) {
      say(`${username} was not changed: ${error.message}`, 'alert');
    }
    await load();
  }

  function say(text, kind) {
    message.textContent = text;
    message.setAttribute('role', kind);
    message.classList.toggle('bad', kind === 'alert');
    message.hidden = false;
  }

  async function create() {
    clearFieldErrors(form, message);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const user = await api.postJson(root.dataset.usersUrl, createBody(new FormData(form)));
      form.reset();
      say(`${user.username} can now sign in as a ${user.role}.`, 'status');
      await load();
    } catch (error) {
      message.classList.add('bad');
      showFieldErrors(form, message, error, 'The user was not added:');
    } finally {
      button.disabled = false;
    }
  }

  body.addEventListener('change', (event) => {
    if (event.target.dataset.control !== 'role') return;
    const { username } = event.target.closest('tr').dataset;
    change(username, { role: event.target.value }, `${username} is now a ${event.target.value}.`);
  });
  body.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action="toggle"]');
    if (!button) return;
    const { username, disabled } = button.closest('tr').dataset;
    const { change: what } = accessOf({ disabled: disabled === 'true' });
    change(username, what, what.disabled ? `${username} is disabled; their tokens stopped.` : `${username} may sign in again.`);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    create();
  });
  load().catch((error) => say(`The users could not be read: ${error.message}`, 'alert'));
}
