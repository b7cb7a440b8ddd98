import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
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

/** Files in an S3-compatible bucket; uploads stream from the spool file, reads honour ranges. */
export class S3Storage implements BlobStorage {
  private client: S3Client;
  private bucket: string;

  constructor(opts: S3Options) {
    this.bucket = opts.bucket;
    this.client = new S3Client({
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

  async putFile(key: string, path: string, size: number, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket, Key: checkKey(key), Body: createReadStream(path), ContentLength: size, ContentType: contentType,
    }));
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: checkKey(key), Body: data, ContentType: contentType }));
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const h = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
      return { size: Number(h.ContentLength ?? 0), contentType: h.ContentType || 'application/octet-stream', modified: h.LastModified ?? new Date(0) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const r = await this.client.send(new GetObjectCommand({
      Bucket: this.bucket, Key: checkKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
    }));
    const body = r.Body as Readable;
    return range ? limitBytes(body, range.end - range.start + 1) : body;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkKey(key) }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    checkKey(prefix);
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: deleteBatch }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length) await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  close(): void {
    this.client.destroy();
  }
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
