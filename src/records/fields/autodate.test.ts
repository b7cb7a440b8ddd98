import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { autodate } from './autodate.js';
import { makeCollection, makeField, normalize, optionsContext } from './test-fixtures.js';

describe('autodate', () => {
  it('has only onCreate/onUpdate (no help, no required)', () => {
    const { field } = normalize('autodate', { help: 'hi', onUpdate: true });
    assert.deepEqual(Object.keys(field), ['hidden', 'id', 'name', 'onCreate', 'onUpdate', 'presentable', 'system', 'type']);
    assert.deepEqual(autodate.defaults(), { onCreate: false, onUpdate: false });
  });
  it('needs onCreate or onUpdate', () => {
    const either = { code: 'validation_required', message: 'Either onCreate or onUpdate must be enabled.' };
    assert.deepEqual(normalize('autodate').errors, { onCreate: either, onUpdate: either });
    assert.equal(normalize('autodate', { onCreate: true }).errors, undefined);
  });
  it('keeps a system field as it was stored', () => {
    const stored = makeCollection({ fields: [makeField('autodate', { system: true, onCreate: true, onUpdate: false })] });
    const next = makeField('autodate', { system: true, onCreate: true, onUpdate: true });
    const ctx = optionsContext(makeCollection({ fields: [next] }), [stored]);
    assert.deepEqual(autodate.normalizeOptions(next, ctx), {
      onUpdate: { code: 'validation_values_mismatch', message: "Values don't match." },
    });
  });
  it('holds a datetime and never fails validation', async () => {
    const f = makeField('autodate', { onCreate: true });
    assert.equal(autodate.prepare('2024-05-01', f), '2024-05-01 00:00:00.000Z');
    assert.equal(await autodate.validate('', f, undefined as never), undefined);
    assert.equal(autodate.column(f), 'text');
    assert.equal(autodate.zero(f), '');
  });
});
