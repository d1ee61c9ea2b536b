/**
 * Every page's one script: builds the one API client and starts the page its `data-page` element names, and the
 * header's health badge. The pages themselves are functions of their root element and that client, so their logic
 * runs in `node --test` without a browser.
 * @module boot
 */
import { createApi } from './api.js';
import { createComparePage } from './compare-page.js';
import { createHealthBadge } from './health-badge.js';
import { createLaunchPage } from './launch-page.js';
import { createLoggedRunPage } from './logged-run-page.js';
import { createRangeTestPage } from './range-test-page.js';
import { createPasswordForm } from './password-forms.js';
import { createRunPage } from './run-page.js';
import { createRunsTable } from './runs-table.js';
import { createSweepForm } from './sweep-form.js';
import { createSweepPage } from './sweep-page.js';
import { createTokensPage } from './tokens-page.js';
import { createUploadPage } from './upload-page.js';
import { createUsersPage } from './users-page.js';

/** Each page by the name its root's `data-page` gives. */
export const PAGES = Object.freeze({
  run: createRunPage,
  rangetest: createRangeTestPage,
  loggedrun: createLoggedRunPage,
  compare: createComparePage,
  launch: createLaunchPage,
  runs: createRunsTable,
  sweep: createSweepPage,
  sweepform: createSweepForm,
  tokens: createTokensPage,
  upload: createUploadPage,
  users: createUsersPage,
  password: createPasswordForm,
});

/**
 * Starts whatever `document` holds.
 * @param {Document} document
 * @param {ReturnType<typeof createApi>} api the one client every request of the page goes through: where the
 *     sign-in's CSRF header and its redirect on a 401 are to be added
 */
export function boot(document, api) {
  for (const root of document.querySelectorAll('[data-page]')) {
    const create = PAGES[root.dataset.page];
    if (!create) throw new Error(`no page is called ${root.dataset.page}`);
    create(root, api);
  }
  const badge = document.querySelector('[data-health-url]');
  if (badge) createHealthBadge(badge, api);
}

/**
 * The headers every request carries: the page's CSRF token (its `<meta name="csrf-token">`), which no other site
 * can read, so no other site can make the browser change anything here.
 * @param {Document} document
 */
export function csrfHeaders(document) {
  const header = document.querySelector('meta[name="csrf-header"]')?.content;
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  return header && token ? { [header]: token } : {};
}

if (globalThis.document) {
  const { document } = globalThis;
  boot(document, createApi({
    headers: () => csrfHeaders(document),
    // the session ended (signed out elsewhere, or timed out): sign in again, then come back here
    onUnauthorized: () => globalThis.location.assign(document.querySelector('meta[name="sign-in-url"]').content),
  }));
}
