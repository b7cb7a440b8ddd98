import sharp from 'sharp';
import { startServer } from './harness.js';
const s = await startServer();
const pb = await s.admin();
await pb.collections.create({ name: 'docs', type: 'base', listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '', fields: [
  { name: 'title', type: 'text' },
  { name: 'one', type: 'file', maxSelect: 1, maxSize: 100000, thumbs: ['20x10', '20x10f'] },
  { name: 'many', type: 'file', maxSelect: 3, mimeTypes: ['image/png', 'text/plain'] },
] });
const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#f00' } }).png().toBuffer();
const r = await pb.collection('docs').create({ title: 'x', one: new File([png], 'My Photo.png'), many: [new File(['hello'], 'a.txt'), new File([png], 'b.png')] });
console.log(r);
const url = pb.files.getURL(r, r.one, { thumb: '20x10' });
let res = await fetch(url); console.log(res.status, Object.fromEntries(res.headers), (await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width);
res = await fetch(pb.files.getURL(r, r.many[0]), { headers: { range: 'bytes=1-2' } }); console.log(res.status, res.headers.get('content-range'), await res.text());
res = await fetch(pb.files.getURL(r, r.many[0]), { headers: { range: 'bytes=0-0,2-3' } }); console.log(res.status, res.headers.get('content-type'), JSON.stringify(await res.text()));
res = await fetch(pb.files.getURL(r, r.many[0]), { method: 'HEAD' }); console.log('HEAD', res.status, res.headers.get('content-length'));
const u = await pb.collection('docs').update(r.id, { 'many+': new File(['more'], 'c.txt'), 'many-': r.many[0] });
console.log(u.many);
try { await pb.collection('docs').create({ many: new File(['<html><body>x</body></html>'], 'evil.png') }); } catch (e: any) { console.log(e.status, JSON.stringify(e.response)); }
try { await pb.collection('docs').create({ one: new File([Buffer.alloc(200000)], 'big.bin') }); } catch (e: any) { console.log(e.status, JSON.stringify(e.response)); }
const { execSync } = await import('node:child_process');
console.log(execSync(`find ${s.dir} -type f`).toString());
await pb.collection('docs').delete(r.id);
console.log(execSync(`find ${s.dir}`).toString());
await s.stop();
