import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { checkKey, type BlobInfo, type BlobStorage } from './storage.js';

/** The `s3` block of the app settings (PocketBase's names). */
export interface S3Options {
  bucket: string;
  region: string;
  endpoint: string;
  accessKey: string;
  secret: string;
  forcePathStyle: boolean;
}

/** Keys deleted per request: the S3 API's own maximum. */
const deleteBatch = 1000;

type Sdk = typeof import('@aws-sdk/client-s3');

/**
 * Files in an S3-compatible bucket; uploads stream from the spool file, reads honour ranges.
 * The AWS SDK (about 20 MB in memory) is imported with the first S3 storage, not at start.
 */
export class S3Storage implements BlobStorage {
  private loaded: Promise<{ sdk: Sdk; client: S3Client }>;
  private bucket: string;

  constructor(opts: S3Options) {
    this.bucket = opts.bucket;
    this.loaded = import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: newClient(sdk, opts) }));
    // a failed import surfaces on first use, not as an unhandled rejection
    this.loaded.catch(() => undefined);
  }

  async putFile(key: string, path: string, size: number, contentType: string): Promise<void> {
    const { sdk, client } = await this.loaded;
    await client.send(new sdk.PutObjectCommand({
      Bucket: this.bucket, Key: checkKey(key), Body: createReadStream(path), ContentLength: size, ContentType: contentType,
    }));
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const { sdk, client } = await this.loaded;
    await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), Body: data, ContentType: contentType }));
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const { sdk, client } = await this.loaded;
    try {
      const h = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return { size: Number(h.ContentLength ?? 0), contentType: h.ContentType || 'application/octet-stream', modified: h.LastModified ?? new Date(0) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const { sdk, client } = await this.loaded;
    const r = await client.send(new sdk.GetObjectCommand({
      Bucket: this.bucket, Key: checkKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
    }));
    const body = r.Body as Readable;
    return range ? limitBytes(body, range.end - range.start + 1) : body;
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.loaded;
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const { sdk, client } = await this.loaded;
    checkKey(prefix);
    let token: string | undefined;
    do {
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: deleteBatch }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length) await client.send(new sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  close(): void {
    void this.loaded.then(({ client }) => client.destroy(), () => undefined);
  }
}

function newClient(sdk: Sdk, opts: S3Options): S3Client {
  return new sdk.S3Client({
      region: opts.region,
    // PocketBase accepts an endpoint without a scheme and means https.
    endpoint: /^https?:\/\//i.test(opts.endpoint) ? opts.endpoint : `https://${opts.endpoint}`,
    forcePathStyle: opts.forcePathStyle,
    credentials: { accessKeyId: opts.accessKey, secretAccessKey: opts.secret },
    // Checksums only where S3 demands them: many S3-compatible servers store the SDK's
    // aws-chunked checksum framing as part of the object instead of reading through it.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * At most `n` bytes of `source`: the response already promised its Content-Length, and some
 * S3-compatible servers answer `bytes=0-0` with the whole object.
 */
function limitBytes(source: Readable, n: number): Readable {
  return Readable.from((async function* () {
    let left = n;
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (left <= 0) break;
      yield chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= chunk.length;
    }
    source.destroy();
  })());
}
