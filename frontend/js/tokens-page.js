/**
 * The profile's API tokens: create one (its text shown this once, with a way to copy it), see one's tokens (an
 * admin: everyone's) with when each was last used and when it expires, and revoke one, after asking again.
 * @module tokens-page
 */
import { expand } from './api.js';
import { clearFieldErrors, showFieldErrors } from './form-errors.js';
import { tableRow } from './page-kit.js';
import { formatInstant, timeLeft } from './when.js';

/**
 * The body of `POST /api/tokens` from the form's fields; the server checks them (and names a bad one).
 * @param {FormData} fields
 * @returns {{name: string, scope: string, expires_in_days: number|string}}
 */
export function issueBody(fields) {
  const days = String(fields.get('expires_in_days') ?? '').trim();
  return {
    name: String(fields.get('name') ?? '').trim(),
    scope: String(fields.get('scope') ?? ''),
    // a number when it is one; the text as typed otherwise, for the server to say what is wrong with it
    expires_in_days: /^\d+$/.test(days) ? Number(days) : days,
  };
}

/**
 * What a token's row shows, cell by cell.
 * @param {{name: string, owner: string, prefix: string, scope: string, created_at: string, last_used_at?: string,
 *     expires_at: string, revoked_at?: string}} token as `GET /api/tokens` lists it
 * @param {Date} now
 * @param {boolean} withOwner whether the table has an owner column (an admin's)
 * @returns {string[]}
 */
export function tokenCells(token, now, withOwner) {
  const expiry = token.revoked_at
    ? `revoked ${formatInstant(token.revoked_at)}`
    : `${formatInstant(token.expires_at)} (${timeLeft(token.expires_at, now)})`;
  return [
    token.name,
    ...(withOwner ? [token.owner] : []),
    `${token.prefix}…`,
    token.scope,
    formatInstant(token.created_at),
    token.last_used_at ? formatInstant(token.last_used_at) : 'never',
    expiry,
  ];
}

/** Whether a token still works: neither revoked nor expired. */
export function isLive(token, now) {
  return !token.revoked_at && new Date(token.expires_at).getTime() > now.getTime();
}

/**
 * Runs the tokens section of the profile page `root`.
 * @param {HTMLElement} root with `data-tokens-url`, `data-token-url` (`…/{id}`) and `data-sees-everyone`
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createTokensPage(root, api) {
  const form = root.querySelector('form[data-role="issue"]');
  const message = root.querySelector('[data-role="message"]');
  const issued = root.querySelector('[data-role="issued"]');
  const body = root.querySelector('tbody');
  const withOwner = root.dataset.seesEveryone === 'true';

  async function load() {
    const tokens = await api.getJson(root.dataset.tokensUrl);
    const now = new Date();
    const shown = [...tokens].sort((a, b) => b.created_at.localeCompare(a.created_at));
    body.replaceChildren(...shown.map((token) => row(token, now)));
    root.querySelector('[data-role="none"]').hidden = shown.length > 0;
  }

  function row(token, now) {
    const [name, ...rest] = tokenCells(token, now, withOwner);
    const tr = tableRow(name, rest);
    tr.dataset.tokenId = token.id;
    const action = document.createElement('td');
    if (isLive(token, now)) {
      const revoke = document.createElement('button');
      revoke.type = 'button';
      revoke.dataset.action = 'revoke';
      revoke.textContent = 'Revoke';
      revoke.setAttribute('aria-label', `Revoke ${token.name}`);
      action.append(revoke);
    } else {
      tr.classList.add('dead');
    }
    tr.append(action);
    return tr;
  }

  async function issue() {
    clearFieldErrors(form, message);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const token = await api.postJson(root.dataset.tokensUrl, issueBody(new FormData(form)));
      issued.querySelector('[data-role="issued-name"]').textContent = token.name;
      issued.querySelector('[data-role="issued-token"]').textContent = token.token;
      issued.hidden = false;
      form.reset();
      await load();
    } catch (error) {
      showFieldErrors(form, message, error, 'No token was created:');
    } finally {
      button.disabled = false;
    }
  }

  /** The first click asks again ("Revoke for good?"); the second revokes. */
  async function revoke(button) {
    if (button.dataset.armed !== 'true') {
      button.dataset.armed = 'true';
      button.textContent = 'Revoke for good?';
      button.classList.add('danger');
      return;
    }
    button.disabled = true;
    try {
      await api.remove(expand(root.dataset.tokenUrl, { id: button.closest('tr').dataset.tokenId }));
      message.hidden = true;
      await load();
    } catch (error) {
      message.textContent = `The token was not revoked: ${error.message}`;
      message.hidden = false;
      button.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    issue();
  });
  body.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action="revoke"]');
    if (button) revoke(button);
  });
  issued.querySelector('[data-action="copy"]').addEventListener('click', async (event) => {
    const text = issued.querySelector('[data-role="issued-token"]').textContent;
    try {
      await navigator.clipboard.writeText(text);
      event.target.textContent = 'Copied';
    } catch {
      // no clipboard (a page over plain HTTP on another host): the text stays there to select by hand
      getSelection()?.selectAllChildren(issued.querySelector('[data-role="issued-token"]'));
    }
  });
  load().catch((error) => {
    message.textContent = `The tokens could not be read: ${error.message}`;
    message.hidden = false;
  });
}
