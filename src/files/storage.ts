import type { Readable } from 'node:stream';
import { isPlainFileName } from './file-name.js';

/**
 * Where file bytes live: local disk by default, an S3-compatible bucket when the settings say so.
 * Keys are `<collectionId>/<recordId>/<filename>`, thumbs under `…/thumbs_<filename>/`; every
 * key is checked to be plain path elements before it reaches a backend.
 */
export interface BlobStorage {
  /** Moves (or uploads) a spooled local file to `key`. */
  putFile(key: string, path: string, size: number, contentType: string): Promise<void>;
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** Size, content type and modification time, or undefined when there is no such object. */
  stat(key: string): Promise<BlobInfo | undefined>;
  /** The bytes from `start` to `end` inclusive (the whole object without a range). */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** No error when it is already gone. */
  delete(key: string): Promise<void>;
  /** Everything under `prefix` (which ends with `/`). */
  deletePrefix(prefix: string): Promise<void>;
  close(): void;
}

export interface BlobInfo {
  size: number;
  contentType: string;
  modified: Date;
}

export class UnsafeKeyError extends Error {
  constructor(key: string) {
    super(`unsafe storage key ${JSON.stringify(key)}`);
  }
}

/** Throws unless `key` is one or more plain path elements joined by `/` (a trailing `/` allowed). */
export function checkKey(key: string): string {
  const parts = key.endsWith('/') ? key.slice(0, -1).split('/') : key.split('/');
  if (!parts.every(isPlainFileName)) throw new UnsafeKeyError(key);
  return key;
}

export const recordDir = (collectionId: string, recordId: string) => checkKey(`${collectionId}/${recordId}`);
export const fileKey = (dir: string, name: string) => checkKey(`${dir}/${name}`);
export const thumbsPrefix = (dir: string, name: string) => checkKey(`${dir}/thumbs_${name}/`);
export const thumbKey = (dir: string, name: string, size: string) => checkKey(`${dir}/thumbs_${name}/${size}_${name}`);
