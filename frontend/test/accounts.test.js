import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passwordBody } from '../js/password-forms.js';
import { isLive, issueBody, tokenCells } from '../js/tokens-page.js';
import { accessOf, createBody } from '../js/users-page.js';
import { formatInstant, timeLeft } from '../js/when.js';

const NOW = new Date('2026-12-02T12:00:00Z');

/** A FormData of `entries`, as the form would give it. */
function fields(entries) {
  const data = new FormData();
  for (const [name, value] of Object.entries(entries)) data.append(name, value);
  return data;
}

test('moments read in UTC to the minute, and expiries as the time left', () => {
  assert.equal(formatInstant('2026-12-02T12:40:59.123Z'), '2026-12-02 12:40 UTC');
  assert.equal(formatInstant(null), '—');
  assert.equal(timeLeft('2027-01-01T12:00:00Z', NOW), 'in 30 days');
  assert.equal(timeLeft('2026-12-03T12:00:01Z', NOW), 'in 1 day');
  assert.equal(timeLeft('2026-12-02T17:30:00Z', NOW), 'in 5 hours');
  assert.equal(timeLeft('2026-12-02T12:20:00Z', NOW), 'in under an hour');
  assert.equal(timeLeft('2026-12-02T11:59:59Z', NOW), 'expired');
});

test("a token's row shows its prefix, never-used, its expiry or its revocation; the owner for an admin", () => {
  const token = {
    id: 't1', name: 'nightly CI', owner: 'ada', prefix: 'anl_3kQ9zX', scope: 'write',
    created_at: '2026-12-01T09:00:00Z', last_used_at: null, expires_at: '2026-12-31T09:00:00Z', revoked_at: null,
  };

  assert.deepEqual(tokenCells(token, NOW, false),
    ['nightly CI', 'anl_3kQ9zX…', 'write', '2026-12-01 09:00 UTC', 'never', '2026-12-31 09:00 UTC (in 28 days)']);
  assert.equal(tokenCells(token, NOW, true)[1], 'ada');
  assert.equal(tokenCells({ ...token, revoked_at: '2026-12-02T10:00:00Z' }, NOW, false)[5], 'revoked 2026-12-02 10:00 UTC');
  assert.equal(isLive(token, NOW), true);
  assert.equal(isLive({ ...token, revoked_at: '2026-12-02T10:00:00Z' }, NOW), false);
  assert.equal(isLive({ ...token, expires_at: '2026-12-02T11:00:00Z' }, NOW), false);
});

test('the forms send what was typed, a number of days as a number and anything else for the server to name', () => {
  assert.deepEqual(issueBody(fields({ name: ' nightly CI ', scope: 'read', expires_in_days: '30' })),
    { name: 'nightly CI', scope: 'read', expires_in_days: 30 });
  assert.equal(issueBody(fields({ name: 'x', scope: 'read', expires_in_days: 'soon' })).expires_in_days, 'soon');
  assert.deepEqual(createBody(fields({ username: ' bob ', password: ' keeps its spaces ', role: 'viewer' })),
    { username: 'bob', password: ' keeps its spaces ', role: 'viewer' });
});

test("a user's button offers the opposite of their state", () => {
  assert.deepEqual(accessOf({ disabled: false }), { state: 'active', action: 'Disable', change: { disabled: true } });
  assert.deepEqual(accessOf({ disabled: true }), { state: 'disabled', action: 'Enable', change: { disabled: false } });
});

test('a password form posts the current and the new password, and catches two new ones that differ', () => {
  assert.deepEqual(
    passwordBody(fields({ current_password: 'old one', new_password: 'new one', repeat_password: 'new one' })),
    { body: { current_password: 'old one', new_password: 'new one' } });
  assert.deepEqual(
    passwordBody(fields({ current_password: 'old one', new_password: 'new one', repeat_password: 'new on' })),
    { mismatch: 'the two new passwords differ' });
  assert.deepEqual(passwordBody(fields({ username: 'bob', new_password: 'theirs now' })),
    { body: { new_password: 'theirs now' } });
});
