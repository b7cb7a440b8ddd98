
/**
 * Thumbnails in PocketBase's size forms: `WxH` (crop from the centre), `WxHt` / `WxHb` (crop
 * anchored top / bottom), `WxHf` (fit inside, never enlarged), `0xH` / `Wx0` (one side, the other
 * in proportion). JPEG and GIF stay in their format; everything else becomes PNG.
 */

export const thumbSizePattern = /^(\d+)x(\d+)(t|b|f)?$/;
/** Offered on every file field, besides the field's own `thumbs`. */
export const defaultThumbSizes = ['100x100'];
/** Originals with other content types are served as they are. */
export const thumbableTypes = ['image/png', 'image/jpg', 'image/jpeg', 'image/gif', 'image/webp'];
/** Larger thumb sides are refused: a request must not make the server allocate gigabytes. */
const thumbSideMax = 10_000;
/** Decoding stops above this many source pixels (decompression bombs). */
const sourcePixelsMax = 100_000_000;

export interface ThumbSize {
  width: number;
  height: number;
  mode: '' | 't' | 'b' | 'f';
}

export function parseThumbSize(size: string): ThumbSize | undefined {
  const m = thumbSizePattern.exec(size);
  if (!m) return undefined;
  const width = Number(m[1]);
  const height = Number(m[2]);
  if ((width === 0 && height === 0) || width > thumbSideMax || height > thumbSideMax) return undefined;
  return { width, height, mode: (m[3] ?? '') as ThumbSize['mode'] };
}

/** Throws for a size that can't be made or an image that can't be decoded. */
export async function renderThumb(source: Buffer, size: string, contentType: string): Promise<{ data: Buffer; contentType: string }> {
  const s = parseThumbSize(size);
  if (!s) throw new Error(`invalid thumb size ${size}`);
  // imported on the first thumb: libvips and its threads cost ~30 MB a server may never need
  const { default: sharp } = await import('sharp');
  // Only the first frame of animations, oriented as its EXIF says.
  let img = sharp(source, { animated: false, limitInputPixels: sourcePixelsMax }).rotate();
  if (s.width === 0 || s.height === 0) {
    img = img.resize({ width: s.width || undefined, height: s.height || undefined });
  } else if (s.mode === 'f') {
    img = img.resize({ width: s.width, height: s.height, fit: 'inside', withoutEnlargement: true });
  } else {
    const position = s.mode === 't' ? 'top' : s.mode === 'b' ? 'bottom' : 'centre';
    img = img.resize({ width: s.width, height: s.height, fit: 'cover', position });
  }
  const base = contentType.split(';')[0].trim();
  if (base === 'image/jpeg' || base === 'image/jpg') return { data: await img.jpeg().toBuffer(), contentType: 'image/jpeg' };
  if (base === 'image/gif') return { data: await img.gif().toBuffer(), contentType: 'image/gif' };
  return { data: await img.png().toBuffer(), contentType: 'image/png' };
}
