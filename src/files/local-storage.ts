import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { sniffBytes, sniffContentType } from './mime.js';
import { checkKey, type BlobInfo, type BlobStorage } from './storage.js';

/**
 * Files on local disk under one root (`<dataDir>/storage`). Content types are sniffed from the
 * stored bytes when asked, so nothing but the files themselves is kept.
 */
export class LocalStorage implements BlobStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Absolute path of a key, refused if it could leave the root. */
  private pathOf(key: string): string {
    const p = resolve(this.root, checkKey(key));
    if (p !== this.root && !p.startsWith(this.root + sep)) throw new Error(`key outside storage: ${key}`);
    return p;
  }

  async putFile(key: string, path: string): Promise<void> {
    const target = this.pathOf(key);
    await inFolder(target, async () => {
      try {
        await rename(path, target);
      } catch (err) {
        // The spool dir may sit on another filesystem: copy; the caller's spool cleanup removes it.
        if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
        await copyFile(path, target);
      }
    });
  }

  async put(key: string, data: Buffer): Promise<void> {
    const target = this.pathOf(key);
    // Written aside then renamed: a reader never sees half a file.
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await inFolder(target, async () => {
      await writeFile(tmp, data);
      await rename(tmp, target);
    });
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const p = this.pathOf(key);
    const s = await stat(p).catch(() => undefined);
    if (!s?.isFile()) return undefined;
    const fh = await open(p, 'r');
    try {
      const head = Buffer.alloc(Math.min(sniffBytes, s.size));
      await fh.read(head, 0, head.length, 0);
      return { size: s.size, contentType: (await sniffContentType(head)).contentType, modified: s.mtime };
    } finally {
      await fh.close();
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const p = this.pathOf(key);
    const stream = createReadStream(p, range ? { start: range.start, end: range.end } : {});
    // Fail here (not mid-response) when the file vanished.
    await new Promise<void>((ok, fail) => {
      stream.once('open', () => ok());
      stream.once('error', fail);
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
    await this.pruneEmpty(dirname(this.pathOf(key)));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const p = this.pathOf(prefix);
    await rm(p, { recursive: true, force: true });
    await this.pruneEmpty(dirname(p));
  }

  /** Removes now-empty thumb and record folders; collection folders stay, as do folders in use. */
  private async pruneEmpty(dir: string): Promise<void> {
    const depth = (d: string) => d.slice(this.root.length).split(sep).filter(Boolean).length;
    for (let d = dir; depth(d) >= recordDepth; d = dirname(d)) {
      try {
        await rmdir(d);
      } catch {
        return;
      }
    }
  }

  close(): void {}
}

/** `<collectionId>/<recordId>` */
const recordDepth = 2;

/** Creates the target's folder and runs `write`; once more if a concurrent prune removed the folder. */
async function inFolder(target: string, write: () => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await mkdir(dirname(target), { recursive: true });
    try {
      return await write();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 0) throw err;
    }
  }
}

export const localStorageRoot = (dataDir: string) => join(dataDir, 'storage');
