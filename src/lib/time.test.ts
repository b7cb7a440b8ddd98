import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, parseDate } from './time.js';

test('datetimes use PocketBase wire format', () => {
  assert.equal(formatDate(new Date(Date.UTC(2024, 4, 1, 13, 45, 7, 123))), '2024-05-01 13:45:07.123Z');
});

test('parsing is lenient and unparseable input becomes ""', () => {
  assert.equal(parseDate('2024-05-01 13:45:07.123Z'), '2024-05-01 13:45:07.123Z');
  assert.equal(parseDate('2024-05-01T13:45:07Z'), '2024-05-01 13:45:07.000Z');
  assert.equal(parseDate('2024-05-01T15:45:07+02:00'), '2024-05-01 13:45:07.000Z');
  assert.equal(parseDate('2024-05-01'), '2024-05-01 00:00:00.000Z');
  assert.equal(parseDate('Wed, 01 May 2024 13:45:07 GMT'), '2024-05-01 13:45:07.000Z');
  assert.equal(parseDate(0), '');
  assert.equal(parseDate('1700000000'), '');
  assert.equal(parseDate(' 2024-05-01'), '');
  assert.equal(parseDate('2024-02-30'), '');
  assert.equal(parseDate('yesterday'), '');
  assert.equal(parseDate(null), '');
  assert.equal(parseDate('2024-13-45'), '');
});
