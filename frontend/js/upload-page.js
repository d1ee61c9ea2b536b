/**
 * An uploaded model's or dataset's page: everything on it is drawn by the server; the script deletes it, once asked
 * twice, and says why when the server refuses (a run still training on it).
 * @module upload-page
 */

/**
 * Wires the page's Delete button.
 * @param {HTMLElement} root the page, its `data-delete-url` the upload's address and `data-list-url` where to go after
 * @param {{remove: (url: string) => Promise<unknown>}} api
 * @param {{confirm: (question: string) => boolean, assign: (url: string) => void}} [browser] the browser's dialogs and
 *     navigation (a test's stand-ins)
 */
export function createUploadPage(root, api, browser = {
  confirm: (question) => globalThis.confirm(question),
  assign: (url) => globalThis.location.assign(url),
}) {
  const button = root.querySelector('[data-action="delete"]');
  const message = root.querySelector('[data-role="message"]');
  if (!button) return;
  button.addEventListener('click', async () => {
    const name = root.querySelector('h1').textContent;
    if (!browser.confirm(`Delete ${name}? Runs that used it keep their figures, but cannot be resumed or cloned with it.`)) {
      return;
    }
    button.disabled = true;
    try {
      await api.remove(root.dataset.deleteUrl);
      browser.assign(root.dataset.listUrl);
    } catch (error) {
      message.textContent = `It was not deleted: ${error.message}`;
      message.classList.add('bad');
      message.hidden = false;
      button.disabled = false;
    }
  });
}
