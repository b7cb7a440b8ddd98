import { randomBytes } from 'node:crypto';
import { extname } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkPreconditions, parseRanges, rangeStillValid, type ByteRange } from '../files/byte-ranges.js';
import type { Files } from '../files/files.js';
import type { BlobInfo } from '../files/storage.js';
import { NotFoundError } from '../lib/errors.js';

/**
 * Sends a stored file as PocketBase does (Go's ServeContent underneath): inline only for media
 * and PDF, a sandboxing CSP, a month of caching, Last-Modified with conditional requests, and
 * byte ranges (several as multipart/byteranges).
 */

const inlineTypes = new Set([
  'image/png', 'image/jpg', 'image/jpeg', 'image/gif', 'image/webp', 'image/x-icon', 'image/bmp',
  'video/webm', 'video/mp4', 'video/3gpp', 'video/quicktime', 'video/x-ms-wmv',
  'audio/basic', 'audio/aiff', 'audio/mpeg', 'audio/midi', 'audio/mp3', 'audio/wave',
  'audio/wav', 'audio/x-wav', 'audio/x-mpeg', 'audio/x-m4a', 'audio/aac',
  'application/pdf', 'application/x-pdf',
]);

/** Types sniffing can't tell (or tells too generally), by extension. */
const typesByExtension: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

const fileCsp = "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox";
const fileCacheControl = 'max-age=2592000, stale-while-revalidate=86400';

/** Go's strconv.ParseBool, for `?download=`. */
const truthy = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export async function serveFile(
  req: FastifyRequest, reply: FastifyReply, files: Files, served: { key: string; name: string }, info: BlobInfo,
): Promise<FastifyReply> {
  const download = truthy.has(String((req.query as Record<string, unknown>)?.download ?? ''));
  const contentType = typesByExtension[extname(served.key)] ?? info.contentType;
  // Uploaded files may be embedded anywhere; the CSP sandbox is what keeps them harmless.
  reply.removeHeader('X-Frame-Options');
  reply.header('Content-Disposition', `${!download && inlineTypes.has(info.contentType) ? 'inline' : 'attachment'}; filename="${served.name}"`);
  reply.header('Content-Type', contentType);
  reply.header('Content-Security-Policy', fileCsp);
  reply.header('Cache-Control', fileCacheControl);
  reply.header('Last-Modified', info.modified.toUTCString());

  const pre = checkPreconditions(req.headers, req.method, info.modified);
  if (pre === 'not-modified') {
    reply.removeHeader('Content-Type');
    return reply.status(304).send();
  }
  if (pre === 'failed') return reply.status(412).send();

  reply.header('Accept-Ranges', 'bytes');
  const ifRange = req.headers['if-range'];
  const range = rangeStillValid(Array.isArray(ifRange) ? ifRange[0] : ifRange, info.modified)
    ? parseRanges(req.headers.range, info.size)
    : { kind: 'full' as const };
  const head = req.method === 'HEAD';
  const open = async (r?: ByteRange) => {
    try {
      return await files.read(served.key, r);
    } catch {
      throw new NotFoundError();
    }
  };

  switch (range.kind) {
    case 'unsatisfiable':
      for (const h of ['Accept-Ranges', 'Cache-Control', 'Last-Modified']) reply.removeHeader(h);
      reply.header('Content-Range', `bytes */${info.size}`).header('Content-Type', 'text/plain; charset=utf-8');
      return reply.status(416).send(range.message + '\n');
    case 'full':
      reply.header('Content-Length', info.size);
      return head ? reply.send() : reply.send(await open());
    case 'partial': {
      reply.status(206);
      if (range.ranges.length === 1) {
        const [r] = range.ranges;
        reply.header('Content-Range', `bytes ${r.start}-${r.end}/${info.size}`).header('Content-Length', r.end - r.start + 1);
        return head ? reply.send() : reply.send(await open(r));
      }
      const multi = byteranges(range.ranges, info.size, contentType);
      reply.header('Content-Type', `multipart/byteranges; boundary=${multi.boundary}`).header('Content-Length', multi.length);
      return head ? reply.send() : reply.send(multi.stream(open));
    }
  }
}

/** Parts laid out as Go's multipart writer does, so the length is known before any byte is read. */
function byteranges(ranges: ByteRange[], size: number, contentType: string) {
  const boundary = randomBytes(30).toString('hex');
  const heads = ranges.map((r, i) =>
    `${i ? '\r\n' : ''}--${boundary}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = `\r\n--${boundary}--\r\n`;
  const length = heads.reduce((n, h, i) => n + Buffer.byteLength(h) + ranges[i].end - ranges[i].start + 1, Buffer.byteLength(tail));
  const stream = (open: (r: ByteRange) => Promise<Readable>): Readable => {
    const out = new PassThrough();
    void (async () => {
      try {
        for (const [i, r] of ranges.entries()) {
          out.write(heads[i]);
          for await (const chunk of await open(r)) if (!out.write(chunk)) await new Promise((ok) => out.once('drain', ok));
        }
        out.end(tail);
      } catch (err) {
        out.destroy(err as Error);
      }
    })();
    return out;
  };
  return { boundary, length, stream };
}
