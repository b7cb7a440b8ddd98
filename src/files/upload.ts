import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileBaseName, normalizeFileName } from './file-name.js';
import { sniffBytes, sniffContentType } from './mime.js';

/**
 * Uploads arrive streamed: each file part goes to a spool file on local disk as it is read, so a
 * request holds at most one chunk of it in memory however large it is. A part over its field's
 * limit is counted to the end but not kept, so validation can still name it.
 */

export interface UploadedFile {
  /** The form key it came under: `field`, `+field` or `field+`. */
  key: string;
  /** The client's file name (last path element only). */
  originalName: string;
  /** The stored name: normalized, with a random suffix. */
  name: string;
  size: number;
  /** Sniffed from the first bytes. */
  contentType: string;
  /** The spooled bytes; '' when the part went over its limit and was dropped. */
  path: string;
}

/** What a request accepts: a byte limit per form key (undefined = not a file key, ignored). */
export interface UploadLimits {
  fileBytesMax(key: string): number | undefined;
}

/** Spool files older than this are leftovers of a crash (no request takes a day). */
const staleSpoolMs = 24 * 60 * 60 * 1000;

export async function spoolUpload(
  source: Readable,
  opts: { dir: string; key: string; filename: string; bytesMax: number; onBytes?: (n: number) => void },
): Promise<UploadedFile> {
  await mkdir(opts.dir, { recursive: true });
  const path = join(opts.dir, randomUUID());
  const fh = await open(path, 'wx');
  let size = 0;
  let kept = true;
  const head: Buffer[] = [];
  let headBytes = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      opts.onBytes?.(chunk.length);
      if (headBytes < sniffBytes) {
        // A copy: keeping a slice would pin the whole chunk for the length of the upload.
        const part = Buffer.from(chunk.subarray(0, sniffBytes - headBytes));
        head.push(part);
        headBytes += part.length;
      }
      if (kept && size > opts.bytesMax) {
        kept = false;
        await fh.truncate(0);
      }
      if (kept) await fh.write(chunk);
    }
  } catch (err) {
    await fh.close();
    await rm(path, { force: true });
    throw err;
  }
  await fh.close();
  if (!kept) await rm(path, { force: true });
  const sniffed = await sniffContentType(Buffer.concat(head));
  const originalName = fileBaseName(opts.filename);
  return {
    key: opts.key,
    originalName,
    name: normalizeFileName(originalName, sniffed.ext),
    size,
    contentType: sniffed.contentType,
    path: kept ? path : '',
  };
}

/** Removes spool files not moved into storage (always safe to call again). */
export async function discardUploads(files: readonly UploadedFile[]): Promise<void> {
  await Promise.all(files.map((f) => (f.path ? rm(f.path, { force: true }) : undefined)));
}

/** Reads and drops a stream, counting its bytes (parts nobody asked for). */
export async function drainStream(source: Readable, onBytes?: (n: number) => void): Promise<void> {
  for await (const chunk of source as AsyncIterable<Buffer>) onBytes?.(chunk.length);
}

/** Deletes spool files a crashed process left behind. */
export async function sweepSpool(dir: string, now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const p = join(dir, name);
    const s = await stat(p).catch(() => undefined);
    if (s && now - s.mtimeMs > staleSpoolMs) await rm(p, { force: true, recursive: true });
  }
}
