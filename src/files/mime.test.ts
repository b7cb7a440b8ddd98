import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { mimeMatches, sniffContentType } from './mime.js';

describe('content types from bytes', () => {
  it('knows images by their signatures', async () => {
    for (const [format, type] of [['png', 'image/png'], ['jpeg', 'image/jpeg'], ['gif', 'image/gif'], ['webp', 'image/webp']] as const) {
      const img = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })[format]().toBuffer();
      assert.equal((await sniffContentType(img)).contentType, type);
    }
  });
  it('tells text kinds apart whatever the name says', async () => {
    const cases: Array<[string, string, string]> = [
      ['hello world', 'text/plain; charset=utf-8', '.txt'],
      ['', 'text/plain; charset=utf-8', '.txt'],
      ['<!DOCTYPE html><html><body>x</body></html>', 'text/html; charset=utf-8', '.html'],
      ['  <html>\n<script>alert(1)</script>', 'text/html; charset=utf-8', '.html'],
      ['<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'image/svg+xml', '.svg'],
      ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml', '.svg'],
      ['<?xml version="1.0"?><note/>', 'text/xml; charset=utf-8', '.xml'],
      ['{"a": [1, 2]}', 'application/json', '.json'],
      ['héllo wörld', 'text/plain; charset=utf-8', '.txt'],
    ];
    for (const [text, type, ext] of cases) assert.deepEqual(await sniffContentType(Buffer.from(text)), { contentType: type, ext }, text);
  });
  it('calls unknown binary octet-stream, with no extension', async () => {
    assert.deepEqual(await sniffContentType(Buffer.from([0, 1, 2, 3, 0, 0, 0xff])), { contentType: 'application/octet-stream', ext: '' });
  });
  it('matches allowed types without parameters or case', () => {
    assert.equal(mimeMatches('text/plain; charset=utf-8', ['text/plain']), true);
    assert.equal(mimeMatches('image/PNG', ['image/png']), true);
    assert.equal(mimeMatches('text/html; charset=utf-8', ['text/plain', 'image/png']), false);
  });
});
