import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { startMailServer, type MailServer } from './mail-server.js';

/** The shop example run as a user would: plinth serve with its migrations and hooks folders. */
const secret = 'whsec_test_' + Math.random().toString(36).slice(2);
let proc: ChildProcess;
let dir: string;
let url: string;
let mail: MailServer;
let admin: PocketBase;

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer().listen(0, '127.0.0.1', () => {
    const p = (srv.address() as { port: number }).port;
    srv.close(() => resolve(p));
  });
});

/** The simulated payment provider: signs its calls the documented way. */
async function webhook(event: unknown, opts: { secret?: string; at?: number } = {}) {
  const body = JSON.stringify(event);
  const t = opts.at ?? Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', opts.secret ?? secret).update(`${t}.${body}`).digest('hex');
  const res = await fetch(url + '/api/shop/payment-webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'shop-signature': `t=${t},v1=${v1}` }, body });
  return { status: res.status, body: await res.json() };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plinth-shop-'));
  const data = join(dir, 'plinth_data');
  const shared = [`--dir=${data}`, '--hooksDir=examples/shop/plinth_hooks', '--migrationsDir=examples/shop/plinth_migrations'];
  const r = spawnSync(process.execPath, ['bin/plinth.js', 'superuser', 'upsert', 'owner@shop.test', 'owner-password-1', `--dir=${data}`]);
  assert.equal(r.status, 0, String(r.stderr));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  proc = spawn(process.execPath, ['bin/plinth.js', 'serve', `--http=127.0.0.1:${port}`, ...shared], { env: { ...process.env, PLINTH_LOG_LEVEL: 'silent', SHOP_WEBHOOK_SECRET: secret } });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => (out += d) && out.includes('Server started') && resolve());
    proc.stderr!.on('data', (d) => (out += d));
    proc.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  mail = await startMailServer();
  admin = new PocketBase(url);
  await admin.collection('_superusers').authWithPassword('owner@shop.test', 'owner-password-1');
  await mail.configure(admin);
});

after(async () => {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  await mail.close();
  rmSync(dir, { recursive: true, force: true });
});

test('orders are priced and stocked on the server; a signed webhook pays them exactly once and emails the buyer', async () => {
  const mug = await admin.collection('products').create({ name: 'Mug', price: 10, taxRate: 0.2, stock: 3 });
  const tea = await admin.collection('products').create({ name: 'Tea', price: 4, taxRate: 0, stock: 10 });
  const buyer = new PocketBase(url);
  await buyer.collection('users').create({ email: 'ann@shop.test', password: 'ann-password', passwordConfirm: 'ann-password' });
  await buyer.collection('users').authWithPassword('ann@shop.test', 'ann-password');
  const buyerId = buyer.authStore.record!.id;

  // the client tries to set its own price and status: the server ignores both
  const order = await buyer.collection('orders').create({ buyer: buyerId, items: [{ product: mug.id, qty: 2 }, { product: tea.id, qty: 1 }], total: 0.01, status: 'paid' });
  assert.deepEqual([order.subtotal, order.tax, order.total, order.status], [24, 4, 28, 'pending']);
  assert.equal((await admin.collection('products').getOne(mug.id)).stock, 1);

  // out of stock: refused, and nothing changes (the whole order rolls back, tea stock included)
  await assert.rejects(buyer.collection('orders').create({ buyer: buyerId, items: [{ product: tea.id, qty: 1 }, { product: mug.id, qty: 5 }] }), (e: any) => e.status === 400 && /Not enough stock for Mug/.test(e.response.message));
  assert.equal((await admin.collection('products').getOne(tea.id)).stock, 9);
  // buyers can't edit orders
  await assert.rejects(buyer.collection('orders').update(order.id, { status: 'paid' }), (e: any) => e.status === 403);

  // forged, stale or wrong-amount calls are refused
  const event = { id: 'evt_' + order.id, type: 'payment.succeeded', data: { orderId: order.id, amount: 28 } };
  assert.equal((await webhook(event, { secret: 'wrong' })).status, 401);
  assert.equal((await webhook(event, { at: Math.floor(Date.now() / 1000) - 3600 })).status, 401);
  assert.equal((await webhook({ ...event, id: 'evt_other', data: { orderId: order.id, amount: 1 } })).status, 400);

  const first = await webhook(event);
  assert.deepEqual(first, { status: 200, body: { received: true } });
  const paid = await buyer.collection('orders').getOne(order.id);
  assert.equal(paid.status, 'paid');
  assert.match(paid.paidAt, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  const email = await mail.take('ann@shop.test');
  assert.match(email.subject, new RegExp(`Order ${order.id} is paid`));
  assert.match(email.html, /28\.00/);

  // the provider retries: nothing is paid twice, no second email
  const retry = await webhook(event);
  assert.deepEqual(retry, { status: 200, body: { received: true, duplicate: true } });
  assert.equal((await admin.collection('payments').getFullList()).length, 1);
  await assert.rejects(mail.take('ann@shop.test', 300));
});
