import type { PlinthApi } from 'plinth';

/** Products, orders and the payments log of the shop example. */
export async function up(api: PlinthApi) {
  const c = api.app.collections;
  await c.create({
    name: 'products', type: 'base', listRule: '', viewRule: '',
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'price', type: 'number', min: 0, required: true },
      { name: 'taxRate', type: 'number', min: 0, max: 1 },
      { name: 'stock', type: 'number', min: 0, onlyInt: true },
    ],
  });
  await c.create({
    name: 'orders', type: 'base',
    listRule: 'buyer = @request.auth.id', viewRule: 'buyer = @request.auth.id',
    // buyers place their own orders; totals, status and payment are the server's to set
    createRule: "@request.auth.id != '' && buyer = @request.auth.id",
    fields: [
      { name: 'buyer', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1, required: true },
      { name: 'items', type: 'json', required: true },
      { name: 'subtotal', type: 'number' },
      { name: 'tax', type: 'number' },
      { name: 'total', type: 'number' },
      { name: 'status', type: 'select', values: ['pending', 'paid'], maxSelect: 1 },
      { name: 'paidAt', type: 'date' },
      { name: 'paymentRef', type: 'text' },
      { name: 'created', type: 'autodate', onCreate: true },
    ],
  });
  await c.create({
    name: 'payments', type: 'base',
    fields: [
      { name: 'eventId', type: 'text', required: true },
      { name: 'order', type: 'relation', collectionId: api.app.collections.get('orders').id, maxSelect: 1, required: true },
      { name: 'amount', type: 'number' },
    ],
    // a retried webhook carries the same event id: the unique index makes it a no-op
    indexes: ['CREATE UNIQUE INDEX idx_payments_event ON payments (eventId)'],
  });
}

export async function down(api: PlinthApi) {
  for (const name of ['payments', 'orders', 'products']) await api.app.collections.delete(name);
}
