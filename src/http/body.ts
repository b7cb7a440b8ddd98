import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { ApiError, BadRequestError } from '../lib/errors.js';

/** PocketBase's global request body limit. */
export const bodyBytesMax = 32 << 20;
/** Multipart limits until streamed file storage lands: parts per request and bytes per file. */
const multipartPartsMax = 1000;

export interface UploadedFile {
  field: string;
  filename: string;
  mimetype: string;
  data: Buffer;
}

export interface ParsedBody {
  data: Record<string, unknown>;
  files: UploadedFile[];
}

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

export function registerBodyParsers(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (!text) return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new BadRequestError(), undefined);
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
}

/** Reads a JSON, form or multipart body into plain data plus uploaded files. */
export async function readBody(req: FastifyRequest): Promise<ParsedBody> {
  if (req.isMultipart()) return readMultipart(req);
  const body = req.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequestError();
  return { data: body as Record<string, unknown>, files: [] };
}

async function readMultipart(req: FastifyRequest): Promise<ParsedBody> {
  const data: Record<string, unknown> = {};
  const files: UploadedFile[] = [];
  const payloads: string[] = [];
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const buf = await part.toBuffer();
      if (part.filename) files.push({ field: part.fieldname, filename: part.filename, mimetype: part.mimetype, data: buf });
    } else if (part.fieldname === '@jsonPayload') payloads.push(String(part.value));
    else addFormValue(data, part.fieldname, inferFormValue(String(part.value)));
  }
  mergeJsonPayloads(data, payloads);
  return { data, files };
}
