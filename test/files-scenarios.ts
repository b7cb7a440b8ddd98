import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import sharp from 'sharp';
import { startServer, type TestServer } from './harness.js';
import { pixel, redOverBlue, solid, type StorageProbe } from './files-fixtures.js';

/**
 * File fields end to end through the official SDK, written once and run against each storage
 * backend (local disk, an S3 server): upload, modifiers, validation, serving, thumbs, protected
 * files, and files going away only once their record's change commits.
 */

export interface Backend {
  name: string;
  /** Prepares the server (e.g. points it at S3) and returns how to look into its storage. */
  setup(s: TestServer): Promise<StorageProbe>;
  teardown?(): Promise<void>;
}

const thumbs = ['20x10', '20x10t', '20x10b', '20x10f', '0x10', '20x0'];
const suffix = '[a-z0-9]{10}';

async function errorOf(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ClientResponseError) return err;
    throw err;
  }
  assert.fail('expected the request to fail');
}

export function fileScenarios(backend: Backend): void {
  let s: TestServer;
  let admin: PocketBase;
  let probe: StorageProbe;
  let guest: PocketBase;
  const users: Record<string, PocketBase> = {};
  const ids: Record<string, string> = {};

  const dirOf = (collection: string, id: string) => `${ids[collection]}/${id}/`;
  /** Reads every response to its end: a half-read body would hold its connection open. */
  const get = async (url: string, headers: Record<string, string> = {}, method = 'GET') => {
    const res = await fetch(url, { headers, method });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body, text: () => body.toString(), json: () => JSON.parse(body.toString()) };
  };
  const bytesOf = async (url: string) => (await get(url)).body;
  const spoolLeft = async () => (await readdir(join(s.dir, '.tmp_uploads')).catch(() => [])).length;

  before(async () => {
    s = await startServer();
    probe = await backend.setup(s);
    admin = await s.admin();
    guest = s.client();
    const open = { listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '' };
    ids.docs = (await admin.collections.create({
      name: 'docs', type: 'base', ...open,
      fields: [
        { name: 'title', type: 'text', max: 20 },
        { name: 'cover', type: 'file', maxSelect: 1, maxSize: 200_000, thumbs },
        { name: 'attachments', type: 'file', maxSelect: 3, maxSize: 100_000, mimeTypes: ['image/png', 'image/jpeg', 'text/plain'] },
      ],
    })).id;
    ids.notes = (await admin.collections.create({
      name: 'notes', type: 'base', ...open,
      fields: [
        { name: 'doc', type: 'relation', collectionId: ids.docs, cascadeDelete: true, maxSelect: 1 },
        { name: 'scan', type: 'file', maxSelect: 1 },
      ],
    })).id;
    ids.pinned = (await admin.collections.create({
      name: 'pinned', type: 'base', ...open,
      fields: [{ name: 'doc', type: 'relation', collectionId: ids.docs, required: true, maxSelect: 1 }],
    })).id;
    ids.guarded = (await admin.collections.create({
      name: 'guarded', type: 'base', ...open, createRule: 'title = "ok"',
      fields: [{ name: 'title', type: 'text' }, { name: 'file', type: 'file', maxSelect: 1 }],
    })).id;
    ids.users = (await admin.collections.getOne('users')).id;
    for (const name of ['ann', 'bob']) {
      const u = await admin.collection('users').create({ email: `${name}@example.com`, password: 'password-123', passwordConfirm: 'password-123' });
      ids[name] = u.id;
      users[name] = s.client();
      await users[name].collection('users').authWithPassword(`${name}@example.com`, 'password-123');
    }
    ids.secrets = (await admin.collections.create({
      name: 'secrets', type: 'base', ...open, viewRule: 'owner = @request.auth.id',
      fields: [
        { name: 'owner', type: 'relation', collectionId: ids.users, maxSelect: 1 },
        { name: 'doc', type: 'file', maxSelect: 1, protected: true },
        { name: 'open', type: 'file', maxSelect: 1 },
      ],
    })).id;
  });

  after(async () => {
    await s?.stop();
    await backend.teardown?.();
  });

  describe(`file fields on ${backend.name}`, () => {
    test('create through the SDK stores each upload under a normalized name with a random suffix', async () => {
      const png = await solid(40, 30, '#ff0000');
      const jpeg = await solid(10, 10, '#00ff00', 'jpeg');
      const r = await guest.collection('docs').create({
        title: 'first',
        cover: new File([png], 'My Holiday Photo.PNG'),
        attachments: [new File(['hello'], 'Read Me.txt'), new File([jpeg], 'x.jpg')],
      });
      assert.match(r.cover, new RegExp(`^my_holiday_photo_${suffix}\\.PNG$`));
      assert.match(r.attachments[0], new RegExp(`^read_me_${suffix}\\.txt$`));
      assert.match(r.attachments[1], new RegExp(`^x${suffix}_${suffix}\\.jpg$`));
      assert.deepEqual(await probe.keys(dirOf('docs', r.id)), [r.attachments[0], r.attachments[1], r.cover].map((n) => dirOf('docs', r.id) + n).sort());
      assert.deepEqual(await bytesOf(guest.files.getURL(r, r.cover)), png);
      assert.equal((await bytesOf(guest.files.getURL(r, r.attachments[0]))).toString(), 'hello');
      assert.equal(await spoolLeft(), 0);
    });

    test('update appends, prepends, removes and replaces files; old files go once the save commits', async () => {
      const docs = guest.collection('docs');
      let r = await docs.create({ attachments: new File(['a'], 'a.txt'), cover: new File([await solid(40, 30, '#00f')], 'c.png') });
      const [a] = r.attachments;
      r = await docs.update(r.id, { 'attachments+': new File(['b'], 'b.txt') });
      const b = r.attachments[1];
      assert.equal(r.attachments[0], a);
      r = await docs.update(r.id, { '+attachments': new File(['c'], 'c.txt') });
      const c = r.attachments[0];
      assert.deepEqual(r.attachments, [c, a, b]);
      r = await docs.update(r.id, { 'attachments-': a });
      assert.deepEqual(r.attachments, [c, b]);
      const dir = dirOf('docs', r.id);
      assert.ok(!(await probe.keys(dir)).includes(dir + a), 'removed file deleted');
      // Existing names sent with new uploads keep exactly those names plus the new files.
      r = await docs.update(r.id, { attachments: [c, new File(['d'], 'd.txt')] });
      assert.equal(r.attachments.length, 2);
      assert.equal(r.attachments[0], c);
      const d = r.attachments[1];
      assert.match(d, new RegExp(`^d${suffix}_${suffix}\\.txt$`));
      // A replaced single file and its thumbs are deleted.
      const oldCover = r.cover;
      assert.equal((await get(guest.files.getURL(r, oldCover, { thumb: '20x10' }))).status, 200);
      assert.ok((await probe.keys(dir)).some((k) => k.startsWith(`${dir}thumbs_${oldCover}/`)));
      r = await docs.update(r.id, { cover: new File([await solid(40, 30, '#0f0')], 'new.png') });
      assert.notEqual(r.cover, oldCover);
      assert.deepEqual(await probe.keys(dir), [c, d, r.cover].map((n) => dir + n).sort());
      // Clearing removes everything.
      r = await docs.update(r.id, { attachments: [], cover: null });
      assert.deepEqual(r.attachments, []);
      assert.equal(r.cover, '');
      assert.deepEqual(await probe.keys(dir), []);
    });

    test('names that came with no upload, and too many files, are refused; nothing is stored', async () => {
      const docs = guest.collection('docs');
      const before = await probe.keys(`${ids.docs}/`);
      let e = await errorOf(docs.create({ attachments: ['made_up.png', 'other.png'] }));
      assert.equal(e.status, 400);
      assert.deepEqual(e.response.data.attachments, {
        code: 'validation_invalid_file', message: 'Invalid new files: [made_up.png other.png].', params: { invalidFiles: ['made_up.png', 'other.png'] },
      });
      e = await errorOf(docs.create({ attachments: [1, 2, 3, 4].map((i) => new File([`f${i}`], `f${i}.txt`)) }));
      assert.deepEqual(e.response.data.attachments, { code: 'validation_too_many_files', message: 'The maximum allowed files is 3.', params: { maxSelect: 3 } });
      const r = await docs.create({ attachments: new File(['x'], 'x.txt') });
      e = await errorOf(docs.update(r.id, { attachments: [...r.attachments, 'not_mine.txt'] }));
      assert.equal(e.response.data.attachments.code, 'validation_invalid_file');
      assert.deepEqual(await probe.keys(`${ids.docs}/`), [...before, dirOf('docs', r.id) + r.attachments[0]].sort());
      assert.equal(await spoolLeft(), 0);
    });

    test('size is checked per file and the type from the bytes, not the name', async () => {
      const docs = guest.collection('docs');
      const before = await probe.keys(`${ids.docs}/`);
      let e = await errorOf(docs.create({ attachments: new File([Buffer.alloc(100_001, 1)], 'big.txt') }));
      assert.deepEqual(e.response.data.attachments, {
        code: 'validation_file_size_limit', message: 'Failed to upload big.txt - the maximum allowed file size is 100000 bytes.', params: { file: 'big.txt', maxSize: 100000 },
      });
      e = await errorOf(docs.create({ attachments: new File(['<html><body><script>alert(1)</script></body></html>'], 'innocent.png', { type: 'image/png' }) }));
      assert.equal(e.response.data.attachments.code, 'validation_invalid_mime_type');
      assert.match(e.response.data.attachments.message, new RegExp(`^"innocent_${suffix}\\.png" mime type must be one of: image/png, image/jpeg, text/plain\\.$`));
      e = await errorOf(docs.create({ attachments: new File([Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n')], 'report.txt') }));
      assert.equal(e.response.data.attachments.code, 'validation_invalid_mime_type');
      assert.deepEqual(await probe.keys(`${ids.docs}/`), before);
      // A real PNG under a .txt name is a PNG, and is served as one.
      const r = await docs.create({ attachments: new File([await solid(5, 5, '#fff')], 'notes.txt') });
      const res = await get(guest.files.getURL(r, r.attachments[0]));
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(await spoolLeft(), 0);
    });

    test('a save that fails after its files were stored leaves none behind', async () => {
      const before = await probe.keys(`${ids.guarded}/`);
      // The create rule is checked on the written row, after the upload went to storage.
      const e = await errorOf(guest.collection('guarded').create({ title: 'no', file: new File(['x'], 'x.txt') }));
      assert.equal(e.status, 400);
      assert.deepEqual(await probe.keys(`${ids.guarded}/`), before);
      const ok = await guest.collection('guarded').create({ title: 'ok', file: new File(['x'], 'x.txt') });
      assert.deepEqual(await probe.keys(dirOf('guarded', ok.id)), [dirOf('guarded', ok.id) + ok.file]);
      // An update whose other fields fail validation keeps the old file and stores no new one.
      const docs = guest.collection('docs');
      const r = await docs.create({ cover: new File([await solid(4, 4, '#000')], 'keep.png') });
      const e2 = await errorOf(docs.update(r.id, { title: 'x'.repeat(21), cover: new File([await solid(4, 4, '#fff')], 'new.png') }));
      assert.equal(e2.response.data.title.code, 'validation_max_text_constraint');
      assert.deepEqual(await probe.keys(dirOf('docs', r.id)), [dirOf('docs', r.id) + r.cover]);
      assert.equal((await docs.getOne(r.id)).cover, r.cover);
    });

    test('files are served with PocketBase headers, ranges and conditional requests', async () => {
      const png = await solid(40, 30, '#ff0000');
      const r = await guest.collection('docs').create({ cover: new File([png], 'pic.png'), attachments: new File(['hello world text'], 'doc.txt') });
      const img = guest.files.getURL(r, r.cover);
      const txt = guest.files.getURL(r, r.attachments[0]);
      let res = await get(img);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('content-disposition'), `inline; filename="${r.cover}"`);
      assert.equal(res.headers.get('content-length'), String(png.length));
      assert.equal(res.headers.get('cache-control'), 'max-age=2592000, stale-while-revalidate=86400');
      assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox");
      assert.equal(res.headers.get('accept-ranges'), 'bytes');
      assert.equal(res.headers.get('x-frame-options'), null);
      const lastModified = res.headers.get('last-modified')!;
      assert.ok(lastModified);
      for (const download of ['1', 'true', 't']) {
        res = await get(`${img}?download=${download}`);
        assert.equal(res.headers.get('content-disposition'), `attachment; filename="${r.cover}"`, download);
      }
      res = await get(guest.files.getURL(r, r.cover, { download: true }));
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="${r.cover}"`);
      res = await get(txt);
      assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
      assert.equal(res.headers.get('content-disposition'), `attachment; filename="${r.attachments[0]}"`);

      const cases: Array<{ headers: Record<string, string>; method?: string; status: number; body?: string; range?: string; length?: string }> = [
        { headers: { range: 'bytes=0-4' }, status: 206, body: 'hello', range: 'bytes 0-4/16' },
        { headers: { range: 'bytes=-4' }, status: 206, body: 'text', range: 'bytes 12-15/16' },
        { headers: { range: 'bytes=6-' }, status: 206, body: 'world text', range: 'bytes 6-15/16' },
        { headers: { range: 'bytes=100-200' }, status: 416, body: 'invalid range: failed to overlap\n', range: 'bytes */16' },
        { headers: { 'if-modified-since': lastModified }, status: 304, body: '' },
        { headers: { 'if-modified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' }, status: 200, body: 'hello world text' },
        { headers: { 'if-unmodified-since': 'Mon, 01 Jan 2001 00:00:00 GMT' }, status: 412, body: '' },
        { headers: { range: 'bytes=0-4', 'if-range': 'Mon, 01 Jan 2001 00:00:00 GMT' }, status: 200, body: 'hello world text' },
        { headers: {}, method: 'HEAD', status: 200, body: '', length: '16' },
      ];
      for (const c of cases) {
        res = await get(txt, c.headers, c.method);
        assert.equal(res.status, c.status, JSON.stringify(c));
        assert.equal(await res.text(), c.body, JSON.stringify(c));
        if (c.range) assert.equal(res.headers.get('content-range'), c.range);
        if (c.length) assert.equal(res.headers.get('content-length'), c.length);
      }
      res = await get(txt, { range: 'bytes=0-0,6-10' });
      assert.equal(res.status, 206);
      const boundary = /^multipart\/byteranges; boundary=(\w+)$/.exec(res.headers.get('content-type')!)![1];
      const body = await res.text();
      assert.equal(body, `--${boundary}\r\nContent-Range: bytes 0-0/16\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nh\r\n`
        + `--${boundary}\r\nContent-Range: bytes 6-10/16\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nworld\r\n--${boundary}--\r\n`);
      assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(body)));

      res = await get(`${s.url}/api/files/docs/${r.id}/missing.png`);
      assert.equal(res.status, 404);
      assert.deepEqual(await res.json(), { status: 404, message: "The requested resource wasn't found.", data: {} });
    });

    test('thumbs in every size form are made with sharp once, cached, and only for allowed sizes', async () => {
      const split = await redOverBlue();
      const r = await guest.collection('docs').create({ cover: new File([await solid(40, 30, '#ff0000')], 'land.png'), attachments: new File([split], 'split.png') });
      const dir = dirOf('docs', r.id);
      const sizes: Array<[string, number, number]> = [['20x10', 20, 10], ['20x10t', 20, 10], ['20x10b', 20, 10], ['20x10f', 13, 10], ['0x10', 13, 10], ['20x0', 20, 15], ['100x100', 100, 100]];
      for (const [size, w, h] of sizes) {
        const res = await get(guest.files.getURL(r, r.cover, { thumb: size }));
        assert.equal(res.status, 200, size);
        assert.equal(res.headers.get('content-disposition'), `inline; filename="${size}_${r.cover}"`);
        const meta = await sharp(res.body).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ['png', w, h], size);
        assert.ok((await probe.keys(dir)).includes(`${dir}thumbs_${r.cover}/${size}_${r.cover}`), `${size} cached`);
      }
      // Fit never enlarges; a size the field does not list is not made (the original is served).
      const fit = await sharp(await bytesOf(guest.files.getURL(r, r.cover, { thumb: '20x10f' }))).metadata();
      assert.deepEqual([fit.width, fit.height], [13, 10]);
      const notListed = await get(guest.files.getURL(r, r.cover, { thumb: '30x30' }));
      assert.equal(notListed.headers.get('content-disposition'), `inline; filename="${r.cover}"`);
      assert.deepEqual((await sharp(notListed.body).metadata()).width, 40);
      // attachments lists no thumbs: only the default 100x100 applies there.
      assert.equal((await get(guest.files.getURL(r, r.attachments[0], { thumb: '20x10' }))).headers.get('content-disposition'), `inline; filename="${r.attachments[0]}"`);
      const hundred = await bytesOf(guest.files.getURL(r, r.attachments[0], { thumb: '100x100' }));
      assert.equal((await sharp(hundred).metadata()).width, 100);

      // Crops are anchored as asked: 20x40 red over blue → 20x10 from the top is red, from the bottom blue.
      const r2 = await guest.collection('docs').create({ cover: new File([split], 'split.png') });
      const top = await bytesOf(guest.files.getURL(r2, r2.cover, { thumb: '20x10t' }));
      const bottom = await bytesOf(guest.files.getURL(r2, r2.cover, { thumb: '20x10b' }));
      const centre = await bytesOf(guest.files.getURL(r2, r2.cover, { thumb: '20x10' }));
      assert.deepEqual(await pixel(top, 10, 5), [255, 0, 0]);
      assert.deepEqual(await pixel(bottom, 10, 5), [0, 0, 255]);
      assert.deepEqual(await pixel(centre, 10, 1), [255, 0, 0]);
      assert.deepEqual(await pixel(centre, 10, 8), [0, 0, 255]);

      // Made once: concurrent first requests for a new size share one render.
      const storage = s.app.files.storage();
      const put = storage.put.bind(storage);
      let renders = 0;
      storage.put = async (...args) => {
        renders++;
        return put(...args);
      };
      try {
        const all = await Promise.all(Array.from({ length: 8 }, () => bytesOf(guest.files.getURL(r2, r2.cover, { thumb: '0x10' }))));
        assert.equal(renders, 1);
        assert.ok(all.every((b) => b.equals(all[0])));
        await bytesOf(guest.files.getURL(r2, r2.cover, { thumb: '0x10' }));
        assert.equal(renders, 1, 'served from the cache');
      } finally {
        storage.put = put;
      }
    });

    test('JPEG and GIF thumbs keep their format, WebP becomes PNG, other files are served as they are', async () => {
      const formats: Array<['jpeg' | 'gif' | 'webp', string, string]> = [['jpeg', 'image/jpeg', 'jpeg'], ['gif', 'image/gif', 'gif'], ['webp', 'image/png', 'png']];
      for (const [format, type, out] of formats) {
        const r = await guest.collection('docs').create({ cover: new File([await solid(40, 30, '#00ff00', format)], `img.${format}`) });
        const res = await get(guest.files.getURL(r, r.cover, { thumb: '20x10' }));
        assert.equal(res.headers.get('content-type'), type, format);
        const meta = await sharp(res.body).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], [out, 20, 10], format);
      }
      const r = await guest.collection('docs').create({ cover: new File(['just text'], 'doc.txt') });
      const res = await get(guest.files.getURL(r, r.cover, { thumb: '20x10' }));
      assert.equal(await res.text(), 'just text');
      assert.ok(!(await probe.keys(dirOf('docs', r.id))).some((k) => k.includes('thumbs_')));
    });

    test('a corrupt image asked for a thumb is answered with the original, as PocketBase does, and nothing is cached', async () => {
      const good = await solid(40, 30, '#ff0000');
      const corrupt = Buffer.concat([good.subarray(0, 40), Buffer.alloc(200, 7)]);
      const r = await guest.collection('docs').create({ cover: new File([corrupt], 'broken.png') });
      for (const size of ['20x10', '100x100', '20x10f']) {
        const res = await get(guest.files.getURL(r, r.cover, { thumb: size }));
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-disposition'), `inline; filename="${r.cover}"`);
        assert.deepEqual(res.body, corrupt);
      }
      assert.deepEqual(await probe.keys(dirOf('docs', r.id)), [dirOf('docs', r.id) + r.cover]);
      assert.equal((await s.fetchJson('/api/health')).status, 200);
    });

    test('protected files need a short-lived file token of a caller the view rule admits', async () => {
      const ann = users.ann;
      const r = await ann.collection('secrets').create({ owner: ids.ann, doc: new File(['top secret'], 'plan.txt'), open: new File(['public'], 'open.txt') });
      const url = (token?: string) => guest.files.getURL(r, r.doc, token ? { token } : {});
      assert.equal((await get(url())).status, 404);
      assert.equal((await get(url('not-a-token'))).status, 404);
      assert.equal((await get(url(ann.authStore.token))).status, 404, 'an auth token is not a file token');
      const annToken = await ann.files.getToken();
      const claims = JSON.parse(Buffer.from(annToken.split('.')[1], 'base64url').toString());
      assert.equal(claims.type, 'file');
      assert.ok(claims.exp - Date.now() / 1000 <= 180);
      let res = await get(url(annToken));
      assert.equal(res.status, 200);
      assert.equal(await res.text(), 'top secret');
      assert.equal((await get(url(await users.bob.files.getToken()))).status, 404, "bob is not the owner");
      assert.equal((await get(url(await admin.files.getToken()))).status, 200, 'superusers pass');
      // The unprotected field of the same record is public.
      assert.equal((await get(guest.files.getURL(r, r.open))).status, 200);
      res = await get(`${s.url}/api/files/token`, {}, 'POST');
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { status: 401, message: 'The request requires valid record authorization token.', data: {} });
    });

    test('deleting a record removes its files and thumbs after commit, cascaded records included', async () => {
      const doc = await guest.collection('docs').create({ cover: new File([await solid(40, 30, '#f0f')], 'gone.png') });
      await bytesOf(guest.files.getURL(doc, doc.cover, { thumb: '20x10' }));
      const note = await guest.collection('notes').create({ doc: doc.id, scan: new File(['scan'], 'scan.txt') });
      assert.equal((await probe.keys(dirOf('docs', doc.id))).length, 2);
      assert.equal((await probe.keys(dirOf('notes', note.id))).length, 1);
      await guest.collection('docs').delete(doc.id);
      assert.deepEqual(await probe.keys(dirOf('docs', doc.id)), []);
      assert.deepEqual(await probe.keys(dirOf('notes', note.id)), [], 'the cascaded note lost its file too');
      assert.equal((await get(guest.files.getURL(doc, doc.cover))).status, 404);

      // A refused delete (a required relation points at it) rolls back and keeps the files.
      const kept = await guest.collection('docs').create({ cover: new File([await solid(4, 4, '#000')], 'kept.png') });
      await guest.collection('pinned').create({ doc: kept.id });
      const e = await errorOf(guest.collection('docs').delete(kept.id));
      assert.equal(e.status, 400);
      assert.deepEqual(await probe.keys(dirOf('docs', kept.id)), [dirOf('docs', kept.id) + kept.cover]);
    });

    test('view collections serve the files of the records they read from', async () => {
      await admin.collections.create({ name: 'docs_view', type: 'view', listRule: '', viewRule: '', viewQuery: 'SELECT id, cover FROM docs' });
      const doc = await guest.collection('docs').create({ cover: new File([await solid(8, 8, '#123456')], 'viewed.png') });
      const row = await guest.collection('docs_view').getOne(doc.id);
      assert.equal(row.cover, doc.cover);
      const res = await get(guest.files.getURL(row, row.cover));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, await solid(8, 8, '#123456'));
    });
  });
}
