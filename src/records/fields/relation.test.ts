import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { relation } from './relation.js';
import { makeCollection, makeField, memoryStore, normalize, optionsContext, valueContext } from './test-fixtures.js';

const users = makeCollection({ id: '_pb_users_auth_', name: 'users', type: 'auth' });
const usersView = makeCollection({ id: 'pbc_view', name: 'users_view', type: 'view' });

describe('relation options', () => {
  const ctx = optionsContext(makeCollection(), [users, usersView]);
  it('fills defaults', () => {
    assert.deepEqual(relation.defaults(), {
      help: '', collectionId: '', cascadeDelete: false, minSelect: 0, maxSelect: 0, required: false,
    });
  });
  it('needs an existing target by id, not a view from a non-view', () => {
    assert.deepEqual(normalize('relation', {}, ctx).errors, { collectionId: { code: 'validation_required', message: 'Cannot be blank.' } });
    const missing = { collectionId: { code: 'validation_field_relation_missing_collection', message: "The relation collection doesn't exist." } };
    assert.deepEqual(normalize('relation', { collectionId: 'nope' }, ctx).errors, missing);
    assert.deepEqual(normalize('relation', { collectionId: 'users' }, ctx).errors, missing, 'names are not ids');
    assert.equal(normalize('relation', { collectionId: 'pbc_view' }, ctx).errors?.collectionId?.code, 'validation_relation_field_non_view_base_collection');
    const viewCtx = optionsContext(makeCollection({ type: 'view' }), [users, usersView]);
    assert.equal(normalize('relation', { collectionId: 'pbc_view' }, viewCtx).errors, undefined);
  });
  it('cannot retarget a saved relation', () => {
    const stored = makeCollection({ fields: [makeField('relation', { collectionId: 'pbc_view' })] });
    const next = makeField('relation', { collectionId: '_pb_users_auth_' });
    const c = optionsContext(makeCollection({ fields: [next] }), [stored, users]);
    assert.deepEqual(relation.normalizeOptions(next, c), {
      collectionId: { code: 'validation_field_relation_change', message: 'The relation collection cannot be changed.' },
    });
  });
  it('orders minSelect and maxSelect', () => {
    const base = { collectionId: '_pb_users_auth_' };
    assert.deepEqual(normalize('relation', { ...base, minSelect: 2 }, ctx).errors, {
      maxSelect: { code: 'validation_required', message: 'Cannot be blank.' },
    });
    assert.deepEqual(normalize('relation', { ...base, minSelect: 3, maxSelect: 2 }, ctx).errors, {
      maxSelect: { code: 'validation_min_greater_equal_than_required', message: 'Must be no less than 3.', params: { threshold: 3 } },
    });
    assert.deepEqual(Object.keys(normalize('relation', { ...base, minSelect: -1, maxSelect: -1 }, ctx).errors ?? {}), ['minSelect']);
  });
});

describe('relation values', () => {
  const store = memoryStore();
  before(async () => {
    await store.exec('CREATE TABLE `users` (id TEXT PRIMARY KEY)');
    for (const id of ['u1', 'u2', 'u3']) await store.run('INSERT INTO `users` (id) VALUES (?)', [id]);
  });
  after(() => store.close());
  const multi = makeField('relation', { collectionId: '_pb_users_auth_', minSelect: 2, maxSelect: 3 });
  const ctx = () => valueContext(store, makeCollection(), [users]);

  it('normalizes and modifies like select', () => {
    assert.deepEqual(relation.prepare('u1', multi), ['u1']);
    assert.equal(relation.prepare(['u1', 'u2'], makeField('relation')), 'u2');
    assert.deepEqual(relation.modify?.(['u1'], 'append', ['u2'], multi), ['u1', 'u2']);
  });

  it('checks counts, then that every id exists in the target table', async () => {
    assert.deepEqual(await relation.validate(['u1'], multi, ctx()), {
      code: 'validation_not_enough_values', message: 'Select at least 2.', params: { minSelect: 2 },
    });
    assert.deepEqual(await relation.validate(['u1', 'u2', 'u3', 'u4'], multi, ctx()), {
      code: 'validation_too_many_values', message: 'Select no more than 3.', params: { maxSelect: 3 },
    });
    assert.deepEqual(await relation.validate(['u1', 'nope'], multi, ctx()), {
      code: 'validation_missing_rel_records', message: 'Failed to find all relation records with the provided ids.',
    });
    assert.equal(await relation.validate(['u1', 'u3'], multi, ctx()), undefined);
    assert.equal(await relation.validate([], multi, ctx()), undefined);
    assert.equal((await relation.validate('', makeField('relation', { required: true }), ctx()))?.code, 'validation_required');
  });

  it('reports a target that is gone', async () => {
    const orphan = makeField('relation', { collectionId: 'gone' });
    assert.deepEqual(await relation.validate('u1', orphan, ctx()), {
      code: 'validation_missing_rel_collection', message: 'Relation connection is missing or cannot be accessed.',
    });
  });
});
