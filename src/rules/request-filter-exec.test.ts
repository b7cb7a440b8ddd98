import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestFilterCases } from './filter-exec-cases.js';
import { matchIds, openDb, testOnStores } from './test-fixtures.js';

/** `@request.*` identifiers evaluated against real rows on every store (cases in filter-exec-cases). */
const db = openDb();
testOnStores(requestFilterCases);

test('modifiers that do not apply to a value are errors', () => {
  for (const f of ['@request.query.a:each = 1', '@request.query.a:length = 1', '@request.body.title:each = 1', '@request.body.title:length = 1']) {
    assert.throws(() => matchIds(db, f, { query: { a: '1' }, body: { title: 'x' } }), /Something went wrong/, f);
  }
});
