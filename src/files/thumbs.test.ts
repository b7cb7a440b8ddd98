import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { parseThumbSize, renderThumb } from './thumbs.js';

describe('thumb sizes', () => {
  it('reads every PocketBase form and refuses the rest', () => {
    assert.deepEqual(parseThumbSize('100x50'), { width: 100, height: 50, mode: '' });
    assert.deepEqual(parseThumbSize('100x50t'), { width: 100, height: 50, mode: 't' });
    assert.deepEqual(parseThumbSize('0x50'), { width: 0, height: 50, mode: '' });
    for (const bad of ['0x0', '0x0f', '100', 'x100', '100x100z', '-1x10', '99999x10']) assert.equal(parseThumbSize(bad), undefined, bad);
  });
  it('renders each form at its size', async () => {
    const src = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#f00' } }).png().toBuffer();
    const cases: Array<[string, number, number]> = [['20x10', 20, 10], ['20x10t', 20, 10], ['20x10b', 20, 10], ['20x10f', 13, 10], ['0x10', 13, 10], ['20x0', 20, 15], ['80x80f', 40, 30], ['80x80', 80, 80]];
    for (const [size, w, h] of cases) {
      const out = await renderThumb(src, size, 'image/png');
      const meta = await sharp(out.data).metadata();
      assert.deepEqual([out.contentType, meta.width, meta.height], ['image/png', w, h], size);
    }
  });
  it('refuses an image it cannot decode', async () => {
    await assert.rejects(renderThumb(Buffer.from('\x89PNG\r\n\x1a\nnot really'), '10x10', 'image/png'));
  });
});
