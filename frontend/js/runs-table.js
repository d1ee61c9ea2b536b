/**
 * The runs table follows its live runs: while any row is queued or running, the page reads itself again every few
 * seconds and swaps in those rows, as the server draws them (status, progress, ETA, results); the rest of the page,
 * ticked boxes included, stays as it is.
 * @module runs-table
 */

const REFRESH_MS = 3000;
const LIVE = new Set(['QUEUED', 'RUNNING']);

const table = document.querySelector('table.runs');

function liveRows(root) {
  return [...root.querySelectorAll('tbody tr[data-run-id]')]
    .filter((row) => LIVE.has(row.querySelector('.badge')?.dataset.status));
}

async function refresh() {
  const response = await fetch(window.location.href, { headers: { Accept: 'text/html' } });
  if (!response.ok) {
    return;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
  for (const row of liveRows(document)) {
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

function follow() {
  if (liveRows(document).length === 0) {
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

if (table) {
  follow();
}
