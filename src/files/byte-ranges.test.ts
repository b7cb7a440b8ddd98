import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPreconditions, parseRanges, rangeStillValid } from './byte-ranges.js';

describe('Range headers, as Go serves them', () => {
  const cases: Array<[string | undefined, unknown]> = [
    [undefined, { kind: 'full' }],
    ['bytes=0-4', { kind: 'partial', ranges: [{ start: 0, end: 4 }] }],
    ['bytes=-3', { kind: 'partial', ranges: [{ start: 13, end: 15 }] }],
    ['bytes=-100', { kind: 'partial', ranges: [{ start: 0, end: 15 }] }],
    ['bytes=10-', { kind: 'partial', ranges: [{ start: 10, end: 15 }] }],
    ['bytes=10-100', { kind: 'partial', ranges: [{ start: 10, end: 15 }] }],
    ['bytes=0-1, 3-4', { kind: 'partial', ranges: [{ start: 0, end: 1 }, { start: 3, end: 4 }] }],
    ['bytes=0-1,100-200', { kind: 'partial', ranges: [{ start: 0, end: 1 }] }],
    ['bytes=0-15,0-15', { kind: 'full' }],
    ['bytes=100-200', { kind: 'unsatisfiable', message: 'invalid range: failed to overlap' }],
    ['bytes=-0', { kind: 'unsatisfiable', message: 'invalid range: failed to overlap' }],
    ['bytes=5-1', { kind: 'unsatisfiable', message: 'invalid range' }],
    ['bytes=a-b', { kind: 'unsatisfiable', message: 'invalid range' }],
    ['items=0-1', { kind: 'unsatisfiable', message: 'invalid range' }],
  ];
  for (const [header, expected] of cases) it(`${header} of 16 bytes`, () => assert.deepEqual(parseRanges(header, 16), expected));
});

describe('conditional requests by date', () => {
  const modified = new Date('2026-01-02T03:04:05.678Z');
  const http = modified.toUTCString();
  it('answers 304 when not modified since', () => {
    assert.equal(checkPreconditions({ 'if-modified-since': http }, 'GET', modified), 'not-modified');
    assert.equal(checkPreconditions({ 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' }, 'GET', modified), 'ok');
    assert.equal(checkPreconditions({ 'if-modified-since': http }, 'POST', modified), 'ok');
    assert.equal(checkPreconditions({ 'if-modified-since': 'garbage' }, 'GET', modified), 'ok');
  });
  it('fails when modified after If-Unmodified-Since', () => {
    assert.equal(checkPreconditions({ 'if-unmodified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' }, 'GET', modified), 'failed');
    assert.equal(checkPreconditions({ 'if-unmodified-since': http }, 'GET', modified), 'ok');
  });
  it('keeps a range only for the version If-Range names', () => {
    assert.equal(rangeStillValid(undefined, modified), true);
    assert.equal(rangeStillValid(http, modified), true);
    assert.equal(rangeStillValid('Thu, 01 Jan 2026 00:00:00 GMT', modified), false);
    assert.equal(rangeStillValid('"an-etag"', modified), false);
  });
});
