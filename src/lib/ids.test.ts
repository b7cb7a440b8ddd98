import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCollectionId, defaultFieldId, generateFromPattern, newId } from './ids.js';

test('default ids match the ones PocketBase derives (CRC-32 of type + name)', () => {
  assert.equal(defaultCollectionId('auth', '_superusers'), 'pbc_3142635823');
  assert.equal(defaultFieldId('text', 'id'), 'text3208210256');
  assert.equal(defaultFieldId('email', 'email'), 'email3885137012');
  assert.equal(defaultFieldId('password', 'password'), 'password901924565');
  assert.equal(defaultFieldId('autodate', 'updated'), 'autodate3332085495');
});

test('record ids are 15 chars of [a-z0-9]', () => {
  for (let i = 0; i < 100; i++) assert.match(newId(), /^[a-z0-9]{15}$/);
});

test('autogenerate patterns produce matching strings; unsupported ones give null', () => {
  assert.match(generateFromPattern('[a-z0-9]{15}')!, /^[a-z0-9]{15}$/);
  assert.match(generateFromPattern('[a-zA-Z0-9]{50}')!, /^[a-zA-Z0-9]{50}$/);
  assert.match(generateFromPattern('inv-[0-9]{4,6}')!, /^inv-[0-9]{4,6}$/);
  assert.equal(generateFromPattern('(a|b)'), null);
});
