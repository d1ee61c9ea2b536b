import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PAGES } from '../js/boot.js';
import { actionsFor, appendPoints, lastSharedStep, metricsUrl, progressText, runPageFacts } from '../js/run-page.js';

const JS = new URL('../js/', import.meta.url);
const TEMPLATES = new URL('../../src/main/resources/templates/', import.meta.url);

/** As run.html gives them (StatusFacts and the API's addresses). */
const RUN_DATASET = {
  runUrl: '/api/runs/r1',
  eventsUrl: '/api/runs/r1/events',
  metricsUrl: '/api/runs/r1/metrics',
  streamUrl: '/api/runs/r1/stream',
  cancelUrl: '/api/runs/r1/cancel',
  resumeUrl: '/api/runs/r1/resume',
  terminalStatuses: 'SUCCEEDED,FAILED,CANCELLED',
  resumableStatuses: 'FAILED,CANCELLED',
};

test('only api.js sends requests, and no module spells an API address', () => {
  for (const file of readdirSync(JS).filter((name) => name.endsWith('.js') && name !== 'api.js')) {
    const source = readFileSync(new URL(file, JS), 'utf8');
    assert.doesNotMatch(source, /\bfetch\(/, `${file} sends a request of its own`);
    assert.doesNotMatch(source, /['"`]\/api\//, `${file} spells an API address`);
  }
});

test('every page a template names is one boot knows, and every page boot knows has a template', () => {
  const named = new Set();
  for (const file of readdirSync(TEMPLATES).filter((name) => name.endsWith('.html'))) {
    for (const match of readFileSync(new URL(file, TEMPLATES), 'utf8').matchAll(/data-page="([a-z]+)"/g)) {
      named.add(match[1]);
    }
  }
  assert.deepEqual([...named].sort(), Object.keys(PAGES).sort());
});

test('the run page acts as the server says its statuses mean', () => {
  const facts = runPageFacts(RUN_DATASET);

  assert.deepEqual(actionsFor('RUNNING', facts), { cancel: true, resume: false });
  assert.deepEqual(actionsFor('CANCELLED', facts), { cancel: false, resume: true });
  assert.deepEqual(actionsFor('SUCCEEDED', facts), { cancel: false, resume: false });
  assert.equal(facts.urls.cancel, '/api/runs/r1/cancel');
});

test('the run page reads its series from the address it was given, whole or a range', () => {
  assert.equal(metricsUrl('/api/runs/r1/metrics'), '/api/runs/r1/metrics?keys=lr%2Ctrain_loss%2Cval_loss%2Cval_acc&max_points=2000');
  assert.match(metricsUrl('/api/runs/r1/metrics', 10.6, 99.2), /&from=10&to=100$/);
});

test('streamed points are appended once, and the stream resumes after the last step every series holds', () => {
  const series = new Map();
  appendPoints(series, [{ key: 'lr', points: [{ step: 0, value: 0.1 }, { step: 1, value: 0.09 }] },
    { key: 'train_loss', points: [{ step: 0, value: 2.3 }] }]);
  appendPoints(series, [{ key: 'lr', points: [{ step: 1, value: 0.09 }, { step: 2, value: 0.08 }] }]);

  assert.deepEqual(series.get('lr').points.map((p) => p.step), [0, 1, 2]);
  assert.equal(lastSharedStep(series), 0);
  assert.equal(lastSharedStep(new Map()), -1);
});

test('progress reads as a share and steps, or nothing before the total is known', () => {
  assert.equal(progressText(420, 1000), '42 % · step 420 of 1000');
  assert.equal(progressText(0, null), '');
});
