
/**
 * Content types come from the bytes, never from the client's name or header, so a page saved
 * as `photo.png` is still HTML. Binary formats are recognised by their signatures (`file-type`);
 * text is told apart the way browsers sniff it: HTML, SVG, XML, JSON, then plain UTF-8 text.
 */

/** Bytes looked at: enough for every signature `file-type` knows at the start of a file. */
export const sniffBytes = 4100;

export interface Sniffed {
  /** e.g. `image/png`, `text/plain; charset=utf-8` */
  contentType: string;
  /** With its dot (`.png`), or '' when unknown. */
  ext: string;
}

const octetStream: Sniffed = { contentType: 'application/octet-stream', ext: '' };
const htmlTags = ['<!doctype html', '<html', '<head', '<script', '<iframe', '<h1', '<div', '<font', '<table', '<a', '<style', '<title', '<b', '<body', '<br', '<p', '<!--'];

export async function sniffContentType(head: Uint8Array): Promise<Sniffed> {
  const sample = head.subarray(0, sniffBytes);
  // imported on the first upload, not at start
  const detected = sample.length ? await (await import('file-type')).fileTypeFromBuffer(sample) : undefined;
  // XML is text: told apart below (SVG is an image, anything else `text/xml`).
  if (detected && detected.mime !== 'application/xml') return { contentType: detected.mime, ext: '.' + detected.ext };
  return sniffText(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
}

function sniffText(buf: Buffer): Sniffed {
  if (!looksLikeText(buf)) return octetStream;
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const lower = text.trimStart().slice(0, 512).toLowerCase();
  if (htmlTags.some((t) => lower.startsWith(t) && /^[\s>]/.test(lower.slice(t.length, t.length + 1)))) {
    return { contentType: 'text/html; charset=utf-8', ext: '.html' };
  }
  if (/<svg[\s>]/.test(lower) && (lower.startsWith('<svg') || lower.startsWith('<?xml') || lower.startsWith('<!--') || lower.startsWith('<!doctype svg'))) {
    return { contentType: 'image/svg+xml', ext: '.svg' };
  }
  if (lower.startsWith('<?xml')) return { contentType: 'text/xml; charset=utf-8', ext: '.xml' };
  if (/^[[{]/.test(lower) && isJson(text)) return { contentType: 'application/json', ext: '.json' };
  return { contentType: 'text/plain; charset=utf-8', ext: '.txt' };
}

/** No bytes that never occur in text; an empty file counts as text. */
function looksLikeText(buf: Buffer): boolean {
  for (const b of buf) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return false;
  }
  // A multi-byte character cut by the sample boundary is still text.
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  const bad = decoded.indexOf('\uFFFD');
  return bad < 0 || bad >= decoded.length - 3;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `text/plain; charset=utf-8` matches an allowed `text/plain`; case never matters. */
export function mimeMatches(contentType: string, allowed: readonly string[]): boolean {
  const base = contentType.split(';')[0].trim().toLowerCase();
  return allowed.some((a) => a.split(';')[0].trim().toLowerCase() === base);
}
