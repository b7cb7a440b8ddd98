import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldTypeName } from '../model.js';
import { fieldTypes, getFieldType, hasFieldType } from './registry.js';
import { makeCollection, normalize, optionsContext } from './test-fixtures.js';

/** Keys of each type's field JSON as PocketBase 0.40.4 returns it after POST /api/collections. */
const liveKeys: Record<FieldTypeName, string> = {
  text: 'autogeneratePattern help hidden id max min name pattern presentable primaryKey required system type',
  number: 'help hidden id max min name onlyInt presentable required system type',
  bool: 'help hidden id name presentable required system type',
  email: 'exceptDomains help hidden id name onlyDomains presentable required system type',
  url: 'exceptDomains help hidden id name onlyDomains presentable required system type',
  editor: 'convertURLs help hidden id maxSize name presentable required system type',
  date: 'help hidden id max min name presentable required system type',
  autodate: 'hidden id name onCreate onUpdate presentable system type',
  select: 'help hidden id maxSelect name presentable required system type values',
  file: 'help hidden id maxSelect maxSize mimeTypes name presentable protected required system thumbs type',
  relation: 'cascadeDelete collectionId help hidden id maxSelect minSelect name presentable required system type',
  json: 'help hidden id maxSize name presentable required system type',
  password: 'cost help hidden id max min name pattern presentable required system type',
  geoPoint: 'help hidden id name presentable required system type',
};

describe('registry', () => {
  it('has every type under its wire name', () => {
    assert.deepEqual(Object.keys(fieldTypes).sort(), Object.keys(liveKeys).sort());
    for (const [name, type] of Object.entries(fieldTypes)) assert.equal(type.type, name);
  });
  it('looks types up and refuses unknown names', () => {
    assert.equal(getFieldType('text'), fieldTypes.text);
    assert.equal(hasFieldType('geoPoint'), true);
    assert.equal(hasFieldType('toString'), false);
    assert.equal(hasFieldType(undefined), false);
    assert.throws(() => getFieldType('nope'));
  });
  it('normalizes each type to exactly the keys PocketBase reports', () => {
    const users = makeCollection({ id: '_pb_users_auth_', name: 'users', type: 'auth' });
    for (const name of Object.keys(liveKeys) as FieldTypeName[]) {
      const { field } = normalize(name, { extra: true }, optionsContext(makeCollection(), [users]));
      assert.deepEqual(Object.keys(field).join(' '), liveKeys[name], name);
    }
  });
});
