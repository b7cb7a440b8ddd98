import { startServer } from './harness.js';
const s = await startServer();
const pb = await s.admin();
await pb.collections.create({ name: 'uploads', type: 'base', createRule: '', fields: [{ name: 'big', type: 'file', maxSize: 5 << 20 }] });
const which = process.argv[2];
if (which === 'cl') {
  const fd = new FormData(); fd.append('big', new Blob([Buffer.alloc(40 << 20)]), 'huge.bin');
  const res = await fetch(`${s.url}/api/collections/uploads/records`, { method: 'POST', body: fd }); console.log(res.status); await res.text();
} else if (which === 'chunked') {
  const boundary = 'b'; const chunk = Buffer.alloc(1 << 20, 97); let sent = 0;
  const body = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="big"; filename="a.bin"\r\n\r\n`)); }, pull(c) { if (sent++ < 60) c.enqueue(chunk); else { c.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`)); c.close(); } } });
  const res = await fetch(`${s.url}/api/collections/uploads/records`, { method: 'POST', body, duplex: 'half', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } } as RequestInit); console.log(res.status); await res.text();
}
const t = Date.now();
await s.stop();
console.log('stop took', Date.now() - t);
