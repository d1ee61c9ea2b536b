/**
 * Every request the pages make goes through here: JSON in and out, problem details (RFC 9457) turned into an
 * {@link ApiError} whose message a person can read, and one place for what every request carries (the sign-in
 * issue's CSRF header) and for what a 401 means (sign in again). The pages take their URLs from the server
 * (`th:data-*` attributes), never from strings of their own.
 * @module api
 */

/** A request the server refused or could not serve: its status, its problem details, and a readable message. */
export class ApiError extends Error {
  /**
   * @param {string} url the address asked
   * @param {number} status the HTTP status
   * @param {object|null} problem the problem details, when the answer held them
   */
  constructor(url, status, problem) {
    super(problemMessage(url, status, problem));
    this.name = 'ApiError';
    this.url = url;
    this.status = status;
    this.problem = problem;
    /** @type {{field: string, message: string}[]} each bad field of a 400 and why */
    this.fieldErrors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

/**
 * What a refused request says to a person: the problem's detail, each bad field's reason, or the status.
 * @param {string} url
 * @param {number} status
 * @param {object|null} problem
 * @returns {string}
 */
export function problemMessage(url, status, problem) {
  const fields = Array.isArray(problem?.errors) ? problem.errors.map((error) => error.message) : [];
  if (fields.length) return fields.join('; ');
  if (problem?.detail) return problem.detail;
  if (problem?.title) return `${problem.title} (${status})`;
  return `${url} answered ${status}`;
}

/**
 * Fills a URL template's `{name}` placeholders, each value URL-encoded: `/api/runs/{id}/metrics`.
 * @param {string} template
 * @param {Record<string, string|number>} values
 * @returns {string}
 */
export function expand(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in values)) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(String(values[name]));
  });
}

/**
 * The client the pages share.
 * @param {object} [options]
 * @param {typeof fetch} [options.fetch] how to send a request (a fake one in tests)
 * @param {() => Record<string, string>} [options.headers] headers every request carries, asked afresh each time
 * @param {(url: string) => void} [options.onUnauthorized] what a 401 does (sends the user to sign in) before the
 *     request fails
 */
export function createApi({
  fetch: send = (...args) => globalThis.fetch(...args),
  headers = () => ({}),
  onUnauthorized = () => {},
} = {}) {
  async function request(url, { method = 'GET', body, accept = 'application/json', allow = [] } = {}) {
    const init = { method, headers: { Accept: accept, ...headers() } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await send(url, init);
    if (response.status === 401) {
      onUnauthorized(url);
    }
    if (!response.ok && !allow.includes(response.status)) {
      throw new ApiError(url, response.status, await problemOf(response));
    }
    return response;
  }

  return {
    /**
     * GETs `url` as JSON; `allow` lists error statuses whose JSON body is an answer too (health's 503).
     * @returns {Promise<any>}
     */
    async getJson(url, { allow } = {}) {
      return (await request(url, { allow })).json();
    },
    /** POSTs `body` (or nothing) as JSON; resolves to the JSON answer, or null when there is none. */
    async postJson(url, body) {
      return jsonOrNull(await request(url, { method: 'POST', body }));
    },
    /** PATCHes `url` with `body` (what to change) as JSON; resolves to the JSON answer. */
    async patchJson(url, body) {
      return jsonOrNull(await request(url, { method: 'PATCH', body }));
    },
    /** DELETEs what `url` names; resolves once it is gone. */
    async remove(url) {
      await request(url, { method: 'DELETE' });
    },
    /** GETs `url` as text, asking for `accept` (a page's HTML). */
    async getText(url, accept) {
      return (await request(url, { accept })).text();
    },
  };
}

async function jsonOrNull(response) {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

async function problemOf(response) {
  try {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
