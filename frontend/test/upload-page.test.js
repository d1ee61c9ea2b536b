import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUploadPage } from '../js/upload-page.js';

/** An uploaded model's page as model.html draws it, its elements the few the script touches. */
function page() {
  const classes = new Set();
  const elements = {
    '[data-action="delete"]': { disabled: false, addEventListener(type, listener) { this.click = listener; } },
    '[data-role="message"]': { textContent: '', hidden: true, classList: { add: (name) => classes.add(name) } },
    h1: { textContent: 'cnn:1' },
  };
  const root = {
    dataset: { deleteUrl: '/api/models/m1', listUrl: '/models' },
    querySelector: (selector) => elements[selector] ?? null,
  };
  return { root, button: elements['[data-action="delete"]'], message: elements['[data-role="message"]'], classes };
}

test('deleting asks first, then goes back to the list', async () => {
  const { root, button } = page();
  const removed = [];
  const went = [];
  let answer = false;
  createUploadPage(root, { remove: async (url) => removed.push(url) }, {
    confirm: (question) => { assert.match(question, /^Delete cnn:1\?/); return answer; },
    assign: (url) => went.push(url),
  });

  await button.click();
  assert.deepEqual(removed, [], 'not deleted when the question is declined');
  answer = true;
  await button.click();
  assert.deepEqual(removed, ['/api/models/m1']);
  assert.deepEqual(went, ['/models']);
});

test('a refused delete says why and may be tried again', async () => {
  const { root, button, message, classes } = page();
  createUploadPage(root, {
    remove: async () => { throw new Error('the model cnn:1 is in use by a queued or training run (r): delete it once they end'); },
  }, { confirm: () => true, assign: () => assert.fail('left the page') });

  await button.click();
  assert.equal(message.hidden, false);
  assert.match(message.textContent, /^It was not deleted: the model cnn:1 is in use/);
  assert.ok(classes.has('bad'));
  assert.equal(button.disabled, false);
});

test('a page without the Delete button (not the owner) is left as drawn', () => {
  const { root } = page();
  const bare = { ...root, querySelector: (selector) => (selector === '[data-action="delete"]' ? null : root.querySelector(selector)) };
  assert.doesNotThrow(() => createUploadPage(bare, { remove: () => assert.fail('deleted') }));
});
