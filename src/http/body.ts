import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Readable } from 'node:stream';
import { discardUploads, drainStream, spoolUpload, type UploadedFile, type UploadLimits } from '../files/upload.js';
import { ApiError, BadRequestError, TooLargeError } from '../lib/errors.js';

/** PocketBase's global request body limit. */
export const bodyBytesMax = 32 << 20;
/** Parts per multipart request: bounds the work one request can ask for. */
const multipartPartsMax = 1000;

export interface ParsedBody {
  data: Record<string, unknown>;
  /** Uploads spooled on local disk; removed when the response is sent unless moved to storage first. */
  files: UploadedFile[];
}

export interface BodyOptions {
  /** Which form keys take files and how many bytes each; without it file parts are read and dropped. */
  uploads?: UploadLimits & { spoolDir: string };
  /** Bytes the whole body may have (PocketBase adds what the collection's fields may hold). */
  bytesMax?: number;
}

/** Spooled uploads per request, removed once it is answered. */
const spooled = new WeakMap<FastifyRequest, UploadedFile[]>();

/** Form values are typed as PocketBase does: "true"/"false" → bool, canonical numbers → number. */
export function inferFormValue(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v !== '' && /^-?\d/.test(v) && String(Number(v)) === v) return Number(v);
  return v;
}

function addFormValue(out: Record<string, unknown>, key: string, value: unknown) {
  if (key in out) {
    const prev = out[key];
    out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  } else out[key] = value;
}

/** `@jsonPayload` fields hold JSON objects merged over the plain fields, in order. */
function mergeJsonPayloads(out: Record<string, unknown>, payloads: string[]) {
  for (const p of payloads) {
    let obj: unknown;
    try {
      obj = JSON.parse(p);
    } catch {
      throw new BadRequestError();
    }
    if (obj && typeof obj === 'object' && !Array.isArray(obj)) Object.assign(out, obj);
  }
}

/**
 * Routes word an unreadable body their own way in PocketBase; a route states it in its config:
 * `server.patch(url, { config: { malformedBody: '...' } }, handler)`.
 */
function malformedMessage(req: FastifyRequest): string | undefined {
  return (req.routeOptions?.config as { malformedBody?: string } | undefined)?.malformedBody;
}

export const loadDataError = 'An error occurred while loading the submitted data.';

export function registerBodyParsers(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body).trim();
    if (!text) return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadRequestError(malformedMessage(req)), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const out: Record<string, unknown> = {};
    const payloads: string[] = [];
    for (const [k, v] of new URLSearchParams(String(body))) {
      if (k === '@jsonPayload') payloads.push(v);
      else addFormValue(out, k, inferFormValue(v));
    }
    try {
      mergeJsonPayloads(out, payloads);
      done(null, out);
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Anything else is accepted only when empty (SDKs send a content type on bodiless requests).
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => {
    if ((body as Buffer).length === 0) return done(null, {});
    done(new ApiError(400, 'Unsupported Content-Type.'), undefined);
  });
  app.register(multipart, { limits: { fileSize: bodyBytesMax, parts: multipartPartsMax, fieldSize: bodyBytesMax } });
  app.addHook('onResponse', async (req) => {
    const files = spooled.get(req);
    if (files) await discardUploads(files);
  });
}

/** Reads a JSON, form or multipart body into plain data plus uploaded files. */
export async function readBody(req: FastifyRequest, opts: BodyOptions = {}): Promise<ParsedBody> {
  if (req.isMultipart()) return readMultipart(req, opts);
  const body = req.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError(malformedMessage(req));
  return { data: body as Record<string, unknown>, files: [] };
}

/**
 * Multipart is read as it arrives: values into `data`, each file part streamed to a spool file
 * with its key's limit (a part over it is counted, not kept, and fails validation later). The
 * whole body is held to `bytesMax`: up front by Content-Length, then by the bytes actually read.
 */
async function readMultipart(req: FastifyRequest, opts: BodyOptions): Promise<ParsedBody> {
  const bytesMax = opts.bytesMax ?? bodyBytesMax;
  if (Number(req.headers['content-length'] ?? 0) > bytesMax) throw new TooLargeError();
  const data: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  spooled.set(req, files);
  const payloads: string[] = [];
  let bytes = 0;
  const count = (n: number) => {
    bytes += n;
    if (bytes > bytesMax) throw new TooLargeError();
  };
  try {
    const parts = req.parts({ preservePath: true, limits: { fileSize: bytesMax, fieldSize: bytesMax, parts: multipartPartsMax } });
    for await (const part of parts) {
      if (part.type === 'field') {
        const value = String(part.value);
        count(value.length);
        if (part.fieldname === '@jsonPayload') payloads.push(value);
        else addFormValue(data, part.fieldname, inferFormValue(value));
        continue;
      }
      const limit = opts.uploads?.fileBytesMax(part.fieldname);
      if (!part.filename) {
        // A part without a file name is a plain value, as Go's form parser reads it.
        addFormValue(data, part.fieldname, inferFormValue(await readText(part.file, count)));
      } else if (limit === undefined || !opts.uploads) {
        await drainStream(part.file, count);
      } else {
        files.push(await spoolUpload(part.file, { dir: opts.uploads.spoolDir, key: part.fieldname, filename: part.filename, bytesMax: limit, onBytes: count }));
      }
    }
  } catch (err) {
    await discardUploads(files);
    // Stop reading: the rest of the body is drained and dropped, never buffered.
    req.raw.unpipe();
    req.raw.resume();
    throw err;
  }
  mergeJsonPayloads(data, payloads);
  return { data, files };
}

async function readText(source: Readable, count: (n: number) => void): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of source as AsyncIterable<Buffer>) {
    count(c.length);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Message for a body that can't be read (PocketBase words it per route). */
    malformedBody?: string;
  }
}
