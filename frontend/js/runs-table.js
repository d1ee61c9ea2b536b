/**
 * The runs table follows its live runs: while any row is queued or running, the page reads itself again every few
 * seconds and swaps in those rows, as the server draws them (status, progress, ETA, results); the rest of the page,
 * ticked boxes included, stays as it is.
 * @module runs-table
 */

const REFRESH_MS = 3000;

/**
 * Follows the live rows of the runs table `table`, whose `data-live-statuses` says which statuses still change.
 * @param {HTMLTableElement} table
 * @param {ReturnType<import('./api.js').createApi>} api
 */
export function createRunsTable(table, api) {
  const live = new Set(table.dataset.liveStatuses.split(','));
  const liveRows = (root) => [...root.querySelectorAll('tbody tr[data-run-id]')]
    .filter((row) => live.has(row.querySelector('.badge')?.dataset.status));

  async function refresh() {
    let html;
    try {
      html = await api.getText(window.location.href, 'text/html');
    } catch {
      return; // the next round tries again
    }
    replaceLiveRows(table.ownerDocument, new DOMParser().parseFromString(html, 'text/html'), liveRows);
  }

  function follow() {
    if (liveRows(table.ownerDocument).length === 0) {
      return;
    }
    setTimeout(async () => {
      try {
        await refresh();
      } finally {
        follow();
      }
    }, REFRESH_MS);
  }

  follow();
}

/** Swaps each live row of `page` for its fresh copy in `fresh`, but for its checkbox, which keeps its tick. */
function replaceLiveRows(page, fresh, liveRows) {
  for (const row of liveRows(page)) {
    const replacement = fresh.querySelector(`tbody tr[data-run-id="${CSS.escape(row.dataset.runId)}"]`);
    if (!replacement) {
      continue; // it left this page of the table (sorted or filtered away); the next full load shows where
    }
    const ticked = row.querySelector('input[type="checkbox"]').checked;
    // every cell but the checkbox: a ticked box must stay ticked
    row.replaceChildren(row.cells[0], ...[...replacement.cells].slice(1).map((cell) => document.importNode(cell, true)));
    row.querySelector('input[type="checkbox"]').checked = ticked;
  }
}
