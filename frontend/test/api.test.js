import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, createApi, expand, problemMessage } from '../js/api.js';

/** A fake fetch answering each request with `answer(url, init)`, recording what was asked. */
function fakeFetch(answer) {
  const asked = [];
  const send = async (url, init) => {
    asked.push({ url, init });
    const { status = 200, body = null } = answer(url, init);
    const text = body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return { status, ok: status >= 200 && status < 300, text: async () => text, json: async () => JSON.parse(text) };
  };
  return { send, asked };
}

test('getJson asks for JSON and answers the body', async () => {
  const { send, asked } = fakeFetch(() => ({ body: { id: 'r1' } }));

  const run = await createApi({ fetch: send }).getJson('/api/runs/r1');

  assert.deepEqual(run, { id: 'r1' });
  assert.equal(asked[0].init.headers.Accept, 'application/json');
  assert.equal(asked[0].init.method, 'GET');
});

test('postJson sends the body as JSON with the headers every request carries', async () => {
  const { send, asked } = fakeFetch(() => ({ status: 201, body: { id: 'r2' } }));
  const api = createApi({ fetch: send, headers: () => ({ 'X-CSRF-TOKEN': 't0k' }) });

  const answer = await api.postJson('/api/runs', { schedule: { base_lr: 0.1 } });

  assert.deepEqual(answer, { id: 'r2' });
  assert.equal(asked[0].init.headers['Content-Type'], 'application/json');
  assert.equal(asked[0].init.headers['X-CSRF-TOKEN'], 't0k');
  assert.equal(asked[0].init.body, '{"schedule":{"base_lr":0.1}}');
});

test('a problem answer becomes an ApiError naming each bad field', async () => {
  const problem = {
    status: 400,
    title: 'Invalid request',
    errors: [
      { field: 'schedule.t_max', message: 'schedule.t_max is required' },
      { field: 'training.epochs', message: 'training.epochs must be between 1 and 10000 but was 0' },
    ],
  };
  const { send } = fakeFetch(() => ({ status: 400, body: problem }));

  const error = await createApi({ fetch: send }).postJson('/api/runs', {}).catch((e) => e);

  assert.ok(error instanceof ApiError);
  assert.equal(error.status, 400);
  assert.deepEqual(error.fieldErrors.map((e) => e.field), ['schedule.t_max', 'training.epochs']);
  assert.equal(error.message, 'schedule.t_max is required; training.epochs must be between 1 and 10000 but was 0');
});

test('a problem without fields reads as its detail; an answer without a body as its status', () => {
  assert.equal(problemMessage('/api/runs/x/cancel', 409, { detail: 'Run x cannot go from SUCCEEDED to CANCELLED' }),
    'Run x cannot go from SUCCEEDED to CANCELLED');
  assert.equal(problemMessage('/api/runs/x', 502, null), '/api/runs/x answered 502');
});

test('a 401 is told to the page (to sign in again) and still fails the request', async () => {
  const { send } = fakeFetch(() => ({ status: 401, body: { title: 'Unauthorized', status: 401 } }));
  const told = [];

  const error = await createApi({ fetch: send, onUnauthorized: (url) => told.push(url) })
    .getJson('/api/runs').catch((e) => e);

  assert.deepEqual(told, ['/api/runs']);
  assert.equal(error.status, 401);
});

test('an allowed error status answers its JSON body (health reports DOWN with a 503)', async () => {
  const { send } = fakeFetch(() => ({ status: 503, body: { status: 'DOWN' } }));

  assert.deepEqual(await createApi({ fetch: send }).getJson('/actuator/health', { allow: [503] }), { status: 'DOWN' });
});

test('expand fills a URL template, encoding each value', () => {
  assert.equal(expand('/api/runs/{id}/metrics', { id: 'a b' }), '/api/runs/a%20b/metrics');
  assert.throws(() => expand('/api/runs/{id}', {}), /no value for \{id\}/);
});

test('patchJson sends what to change; remove DELETEs and resolves with nothing', async () => {
  const { send, asked } = fakeFetch((url, init) => (init.method === 'DELETE' ? { status: 204 } : { body: { role: 'viewer' } }));
  const api = createApi({ fetch: send, headers: () => ({ 'X-CSRF-TOKEN': 't0k' }) });

  assert.deepEqual(await api.patchJson('/api/users/ada', { role: 'viewer' }), { role: 'viewer' });
  assert.equal(await api.remove('/api/tokens/t1'), undefined);

  assert.deepEqual(asked.map((a) => [a.init.method, a.url]), [['PATCH', '/api/users/ada'], ['DELETE', '/api/tokens/t1']]);
  assert.equal(asked[0].init.body, '{"role":"viewer"}');
  assert.equal(asked[1].init.headers['X-CSRF-TOKEN'], 't0k');
});
