/** Elements whose text is not content (scripts, forms, media). */
const skipped = new Set(['head', 'style', 'script', 'iframe', 'embed', 'applet', 'object', 'svg', 'img', 'picture', 'dialog', 'template', 'button', 'form', 'textarea', 'input', 'select', 'option']);
const blocks = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'table', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'hr']);

/** Plain-text excerpt of HTML: tags stripped, whitespace collapsed, cut to `max` characters. */
export function excerpt(html: string, max: number, ellipsis: boolean): string {
  let text = '';
  let skipDepth = 0;
  let skipTag = '';
  const re = /<\s*(\/)?\s*([a-zA-Z0-9]+)[^>]*?(\/)?>|([^<]+)|(<)/g;
  for (const m of html.matchAll(re)) {
    const [, closing, tagRaw, selfClosing, chunk, lone] = m;
    if (chunk !== undefined || lone) {
      if (!skipDepth) text += chunk ?? lone;
      continue;
    }
    const tag = tagRaw.toLowerCase();
    if (skipped.has(tag) && !selfClosing && !['img', 'input'].includes(tag)) {
      if (!closing && !skipDepth) (skipTag = tag), (skipDepth = 1);
      else if (!closing && tag === skipTag) skipDepth++;
      else if (closing && tag === skipTag) skipDepth--;
      continue;
    }
    if (blocks.has(tag)) text += ' ';
  }
  const clean = decodeEntities(text).replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  if (chars.length <= max) return clean;
  const cut = chars.slice(0, max).join('').trim();
  return ellipsis ? cut + '...' : cut;
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e as string] ?? _m);
}
