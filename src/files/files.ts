import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LocalStorage, localStorageRoot } from './local-storage.js';
import { S3Storage, type S3Options } from './s3-storage.js';
import { fileKey, thumbKey, thumbsPrefix, type BlobInfo, type BlobStorage } from './storage.js';
import { renderThumb, thumbableTypes } from './thumbs.js';
import { discardUploads, sweepSpool, type UploadedFile } from './upload.js';

export interface FilesOptions {
  dataDir: string;
  /** The current `s3` settings; read on every use so a settings change takes effect at once. */
  s3: () => S3Options & { enabled: boolean };
}

/** Uploads written to storage at once per record save. */
const storeParallel = 4;
/** Thumbnails made at once; more wait their turn (sharp uses several threads for each). */
const thumbWorkersMax = availableParallelism() + 2;
/** Originals larger than this are served as they are instead of being decoded for a thumb. */
const thumbSourceBytesMax = 64 << 20;

/**
 * The file service: picks the storage backend from the settings, writes a record's uploads,
 * removes files and their thumbs, and makes thumbs once (concurrent requests for the same thumb
 * wait for one render). Knows keys and bytes, not records.
 */
export class Files {
  readonly spoolDir: string;
  private local: LocalStorage;
  private s3?: { signature: string; storage: S3Storage };
  private pendingThumbs = new Map<string, Promise<boolean>>();
  private thumbSlots = thumbWorkersMax;
  private thumbQueue: Array<() => void> = [];

  constructor(private opts: FilesOptions) {
    this.spoolDir = join(opts.dataDir, '.tmp_uploads');
    this.local = new LocalStorage(localStorageRoot(opts.dataDir));
  }

  async init(): Promise<void> {
    await sweepSpool(this.spoolDir);
  }

  /** Local disk unless S3 is enabled; an S3 client is rebuilt when its settings change. */
  storage(): BlobStorage {
    const s3 = this.opts.s3();
    if (!s3.enabled) return this.local;
    const signature = JSON.stringify([s3.bucket, s3.region, s3.endpoint, s3.accessKey, s3.secret, s3.forcePathStyle]);
    if (this.s3?.signature !== signature) {
      this.s3?.storage.close();
      this.s3 = { signature, storage: new S3Storage(s3) };
    }
    return this.s3.storage;
  }

  /**
   * Writes uploads into `dir`; all or nothing (what was written is removed when one fails).
   * Returns the keys written, for the caller to remove should its transaction fail.
   */
  async store(dir: string, uploads: readonly UploadedFile[]): Promise<string[]> {
    const storage = this.storage();
    const written: string[] = [];
    try {
      for (let i = 0; i < uploads.length; i += storeParallel) {
        await Promise.all(uploads.slice(i, i + storeParallel).map(async (u) => {
          const key = fileKey(dir, u.name);
          await storage.putFile(key, u.path, u.size, u.contentType);
          written.push(key);
        }));
      }
    } catch (err) {
      await this.removeKeys(written);
      throw err;
    } finally {
      await discardUploads(uploads);
    }
    return written;
  }

  async removeKeys(keys: readonly string[]): Promise<void> {
    const storage = this.storage();
    await Promise.allSettled(keys.map((k) => storage.delete(k)));
  }

  /** Deletes files of a record and their thumbs; a missing file is not an error. */
  async remove(dir: string, names: readonly string[]): Promise<void> {
    const storage = this.storage();
    await Promise.allSettled(names.map(async (name) => {
      await storage.delete(fileKey(dir, name));
      await storage.deletePrefix(thumbsPrefix(dir, name));
    }));
  }

  /** Deletes everything a record has stored. */
  async removeDir(dir: string): Promise<void> {
    await this.storage().deletePrefix(dir + '/');
  }

  stat(key: string): Promise<BlobInfo | undefined> {
    return this.storage().stat(key);
  }

  read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    return this.storage().read(key, range);
  }

  /**
   * The key to serve for `size` of `name`: the thumb (made now if missing) or, when the original
   * is no image or can't be decoded, the original itself, as PocketBase falls back.
   */
  async thumbOrOriginal(dir: string, name: string, size: string, original: BlobInfo): Promise<{ key: string; name: string }> {
    const originalKey = fileKey(dir, name);
    if (!thumbableTypes.includes(original.contentType) || original.size > thumbSourceBytesMax) return { key: originalKey, name };
    const key = thumbKey(dir, name, size);
    let made = this.pendingThumbs.get(key);
    if (!made) {
      made = this.ensureThumb(originalKey, key, size, original.contentType).finally(() => this.pendingThumbs.delete(key));
      this.pendingThumbs.set(key, made);
    }
    return (await made) ? { key, name: `${size}_${name}` } : { key: originalKey, name };
  }

  private async ensureThumb(originalKey: string, key: string, size: string, contentType: string): Promise<boolean> {
    const storage = this.storage();
    if (await storage.stat(key)) return true;
    await this.acquireThumbSlot();
    try {
      const source = await readAll(await storage.read(originalKey));
      const thumb = await renderThumb(source, size, contentType);
      await storage.put(key, thumb.data, thumb.contentType);
      return true;
    } catch {
      // A corrupt or unsupported image: the original is served instead.
      return false;
    } finally {
      this.releaseThumbSlot();
    }
  }

  private acquireThumbSlot(): Promise<void> {
    if (this.thumbSlots > 0) {
      this.thumbSlots--;
      return Promise.resolve();
    }
    return new Promise((ok) => this.thumbQueue.push(ok));
  }

  private releaseThumbSlot(): void {
    const next = this.thumbQueue.shift();
    if (next) next();
    else this.thumbSlots++;
  }

  close(): void {
    this.s3?.storage.close();
    this.s3 = undefined;
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}
