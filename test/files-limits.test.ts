import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type PocketBase from 'pocketbase';
import { startServer, type TestServer } from './harness.js';
import { localProbe, startS3, useS3, type StorageProbe } from './files-fixtures.js';

/**
 * Bad input against file uploads and downloads: bodies over the limit, files over their field's
 * limit, path traversal in names and URLs, and many concurrent uploads that must stream.
 */

const mib = 1 << 20;
/** Concurrent uploads and the size of each: 400 MiB in flight at once if anything buffered them. */
const uploadsConcurrent = 100;
const uploadBytes = 4 * mib;
/** Peak growth of the server's process the concurrent test allows (a quarter of what is sent). */
const memoryGrowthMax = 100 * mib;

/** Within the body limit (32 MiB + what the fields hold) but far over the `small` field's 1000 bytes. */
const oversizeBytes = 30 * mib;

let scratch: string;
let bigFile: string;
let oversizeFile: string;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'plinth-uploads-'));
  bigFile = join(scratch, 'big.bin');
  writeFileSync(bigFile, randomBytes(uploadBytes));
  oversizeFile = join(scratch, 'oversize.bin');
  writeFileSync(oversizeFile, randomBytes(oversizeBytes));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

async function setupCollection(s: TestServer): Promise<{ admin: PocketBase; collectionId: string }> {
  const admin = await s.admin();
  const c = await admin.collections.create({
    name: 'uploads', type: 'base', listRule: '', viewRule: '', createRule: '', updateRule: '',
    fields: [{ name: 'title', type: 'text' }, { name: 'small', type: 'file', maxSize: 1000 }, { name: 'big', type: 'file', maxSize: 5 * mib }],
  });
  return { admin, collectionId: c.id };
}

/** A full garbage collection on demand, so some samples count live memory, not garbage awaiting collection. */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
/** A full collection here takes 50-100 ms: often enough to see the live peak, rarely enough not to stall uploads. */
const liveSampleMs = 1000;
const rawSampleMs = 10;

/**
 * Samples the server process's memory while `work` runs and returns the peak growth over the
 * start: RSS as it is (every 10 ms), and live heap plus Buffer memory (after a collection, every second).
 */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; rss: number; live: number }> {
  collectGarbage();
  const start = process.memoryUsage();
  const used = (m: NodeJS.MemoryUsage) => m.heapUsed + m.arrayBuffers;
  let rss = 0;
  let live = 0;
  const raw = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss - start.rss);
  }, rawSampleMs);
  const collected = setInterval(() => {
    collectGarbage();
    live = Math.max(live, used(process.memoryUsage()) - used(start));
  }, liveSampleMs);
  try {
    return { result: await work(), rss, live };
  } finally {
    clearInterval(raw);
    clearInterval(collected);
  }
}

const inMib = (n: number) => `${(n / mib).toFixed(1)} MiB`;

interface Outcome {
  status: number;
  id?: string;
  name?: string;
  data?: Record<string, any>;
}

/** SDK uploads of the big file from a child process (see files-upload-client.ts). */
function uploadFromChild(s: TestServer, field: string, count: number, file = bigFile): Promise<Outcome[]> {
  const client = join(import.meta.dirname, 'files-upload-client.ts');
  return new Promise((ok, fail) => {
    execFile(process.execPath, ['--import', 'tsx', client, s.url, 'uploads', field, file, String(count)], { maxBuffer: 16 * mib }, (err, stdout) => {
      if (err) fail(err);
      else ok(JSON.parse(stdout) as Outcome[]);
    });
  });
}

async function concurrentUploads(t: TestContext, s: TestServer, probe: StorageProbe, collectionId: string) {
  const { result, rss, live } = await peakGrowth(() => uploadFromChild(s, 'big', uploadsConcurrent));
  t.diagnostic(`${uploadsConcurrent} concurrent uploads of ${inMib(uploadBytes)} (${inMib(uploadsConcurrent * uploadBytes)} in total): server peak RSS growth ${inMib(rss)}, peak live heap+buffers growth ${inMib(live)}`);
  assert.equal(result.length, uploadsConcurrent);
  assert.ok(result.every((o) => o.status === 200), JSON.stringify(result.find((o) => o.status !== 200)));
  const keys = await probe.keys(`${collectionId}/`);
  for (const r of result) assert.ok(keys.includes(`${collectionId}/${r.id}/${r.name}`), `${r.id} stored`);
  const pb = s.client();
  const served = await fetch(pb.files.getURL({ collectionId, id: result[7].id }, result[7].name!));
  assert.equal(Number(served.headers.get('content-length')), uploadBytes);
  assert.equal((await served.arrayBuffer()).byteLength, uploadBytes);
  assert.ok(rss < memoryGrowthMax, `RSS grew ${inMib(rss)}`);
  assert.ok(live < memoryGrowthMax, `live heap and buffers grew ${inMib(live)}`);
  assert.equal((await readdir(join(s.dir, '.tmp_uploads'))).length, 0, 'spool emptied');
}

describe('upload limits and bad input (local disk)', () => {
  let s: TestServer;
  let admin: PocketBase;
  let collectionId: string;
  before(async () => {
    s = await startServer();
    ({ admin, collectionId } = await setupCollection(s));
  });
  after(() => s?.stop());

  test('a body over the limit is refused with 413, by Content-Length or while streaming', async () => {
    // limit: 32 MiB + what the fields may hold (1000 B + 5 MiB)
    const fd = new FormData();
    fd.append('big', new Blob([Buffer.alloc(40 * mib)]), 'huge.bin');
    let res = await fetch(`${s.url}/api/collections/uploads/records`, { method: 'POST', body: fd });
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { status: 413, message: 'Request entity too large.', data: {} });
    // Chunked, no Content-Length: cut off once the bytes read pass the limit.
    const boundary = 'plinthboundary';
    const chunk = Buffer.alloc(mib, 97);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="big"; filename="a.bin"\r\n\r\n`)); },
      pull(c) {
        if (sent++ < 60) c.enqueue(chunk);
        else { c.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`)); c.close(); }
      },
    });
    res = await fetch(`${s.url}/api/collections/uploads/records`, {
      method: 'POST', body, duplex: 'half', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal((await readdir(join(s.dir, '.tmp_uploads'))).length, 0);
    assert.equal((await admin.collection('uploads').getList()).totalItems, 0);
  });

  test("a file over its field's maxSize is a 400 naming it, counted but never kept", async () => {
    const { result: [o], rss } = await peakGrowth(() => uploadFromChild(s, 'small', 1, oversizeFile));
    assert.equal(o.status, 400);
    assert.deepEqual(o.data!.small, {
      code: 'validation_file_size_limit', message: 'Failed to upload upload 0.bin - the maximum allowed file size is 1000 bytes.', params: { file: 'upload 0.bin', maxSize: 1000 },
    });
    assert.ok(rss < oversizeBytes / 2, `RSS grew ${inMib(rss)} while refusing ${inMib(oversizeBytes)}`);
    assert.deepEqual(await localProbe(s).keys(`${collectionId}/`), []);
  });

  test('path traversal in upload names stays inside the record folder', async () => {
    const pb = s.client();
    const names = ['../../../etc/passwd.txt', '..\\..\\win.txt', '/abs/path/x.txt', '....txt', '.env', 'a/../../b.txt'];
    for (const name of names) {
      const r = await pb.collection('uploads').create({ big: new File(['data'], name) });
      assert.match(r.big, /^[a-z0-9_]+_[a-z0-9]{10}\.[\w.*\-+=#]+$/, name);
      assert.deepEqual(await localProbe(s).keys(`${collectionId}/${r.id}/`), [`${collectionId}/${r.id}/${r.big}`]);
    }
    const all = await localProbe(s).keys('');
    assert.ok(all.every((k) => k.startsWith(`${collectionId}/`)), 'nothing outside the collection folder');
  });

  test('path traversal in file URLs is a 404, never a file outside the record', async () => {
    const pb = s.client();
    const r = await pb.collection('uploads').create({ big: new File(['data'], 'ok.txt') });
    const urls = [
      `/api/files/uploads/${r.id}/..%2F..%2F..%2Fdata.db`,
      `/api/files/uploads/${r.id}/%2e%2e%2fdata.db`,
      `/api/files/uploads/${r.id}/..%5C..%5Cdata.db`,
      `/api/files/uploads/..%2F..%2F/data.db`,
      `/api/files/..%2F/${r.id}/${r.big}`,
      `/api/files/uploads/${r.id}/${encodeURIComponent(`../${r.id}/${r.big}`)}`,
      `/api/files/uploads/${r.id}/thumbs_${r.big}`,
      `/api/files/uploads/${r.id}/${r.big}%00.png`,
    ];
    for (const u of urls) {
      const res = await fetch(s.url + u);
      assert.equal(res.status, 404, u);
      const body = await res.json();
      assert.deepEqual(body.data, {}, u);
      // An unknown collection is named as such (PocketBase's limiter looks it up first).
      const message = u.startsWith('/api/files/uploads/') ? "The requested resource wasn't found." : 'Missing or invalid collection context.';
      assert.equal(body.message, message, u);
    }
    assert.equal((await fetch(pb.files.getURL(r, r.big))).status, 200);
  });

  test(`${uploadsConcurrent} concurrent uploads are streamed, not buffered`, async (t) => {
    await concurrentUploads(t, s, localProbe(s), collectionId);
  });
});

describe('concurrent uploads to S3 (s3rver)', () => {
  let s: TestServer;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let collectionId: string;
  before(async () => {
    s = await startServer();
    s3 = await startS3();
    await useS3(s, s3);
    ({ collectionId } = await setupCollection(s));
  });
  after(async () => {
    await s?.stop();
    await s3?.stop();
  });

  test(`${uploadsConcurrent} concurrent uploads are streamed to the bucket`, async (t) => {
    await concurrentUploads(t, s, s3.probe, collectionId);
    assert.deepEqual(await localProbe(s).keys(''), [], 'nothing on local disk');
  });
});
