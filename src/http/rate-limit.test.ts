import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRateLimitRule } from './rate-limit.js';

const r = (label: string, audience = '') => ({ label, audience, duration: 1, maxRequests: 1 });

test('labels are tried in order; exact labels before prefixes of the same label', () => {
  const rules = [r('/api/'), r('*:create'), r('users:create'), r('POST /api/batch')];
  const labels = (c: string, tag: string, method: string, path: string) => [`${c}:${tag}`, `*:${tag}`, `${method} ${path}`, path];
  assert.equal(findRateLimitRule(rules, labels('users', 'create', 'POST', '/api/collections/users/records'), ['', '@guest'])?.label, 'users:create');
  assert.equal(findRateLimitRule(rules, labels('posts', 'create', 'POST', '/api/collections/posts/records'), ['', '@guest'])?.label, '*:create');
  assert.equal(findRateLimitRule(rules, ['POST /api/batch', '/api/batch'], [''])?.label, 'POST /api/batch');
  assert.equal(findRateLimitRule(rules, ['GET /api/health', '/api/health'], [''])?.label, '/api/');
  assert.equal(findRateLimitRule(rules, ['GET /other', '/other'], ['']), undefined);
});

test('a prefix label matches the path itself and paths under it', () => {
  const rules = [r('/api/files/')];
  assert.ok(findRateLimitRule(rules, ['/api/files'], ['']));
  assert.ok(findRateLimitRule(rules, ['/api/files/x/y'], ['']));
  assert.equal(findRateLimitRule(rules, ['/api/filesystem'], ['']), undefined);
});

test('audiences: a rule for @auth is skipped for guests and the other way round', () => {
  const rules = [r('*:auth', '@auth'), r('*:auth', '@guest')];
  assert.equal(findRateLimitRule(rules, ['*:auth'], ['', '@guest'])?.audience, '@guest');
  assert.equal(findRateLimitRule(rules, ['*:auth'], ['', '@auth'])?.audience, '@auth');
});
