import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { email } from './email.js';
import { isEmailFormat } from './email-format.js';
import { makeField, normalize, plainContext } from './test-fixtures.js';

describe('email format', () => {
  it('agrees with PocketBase on these addresses', () => {
    for (const ok of ['a@b.c', 'A@B.COM', 'first.last+tag@sub.example.org', 'x@example.com.', '"@a.bc', '"a"@a.bc', '"a"b"@a.bc', 'é@ü.de']) {
      assert.equal(isEmailFormat(ok), true, ok);
    }
    for (const bad of ['12', 'notanemail', 'a@b', '"ab"@a.bc', '"a" "b"@a.bc', 'a..b@c.de', 'a@-b.c', 'a@b.c1', '@a.bc', 'a@b..c']) {
      assert.equal(isEmailFormat(bad), false, bad);
    }
  });
  it('stays fast on hostile input', () => {
    const started = performance.now();
    isEmailFormat('a@' + 'a.'.repeat(20000) + '!');
    isEmailFormat('"' + '( '.repeat(20000) + '\x00"@x.com');
    assert.ok(performance.now() - started < 1000);
  });
});

describe('email field', () => {
  it('has the domain lists, mutually exclusive and valid', () => {
    assert.deepEqual(email.defaults(), { help: '', exceptDomains: [], onlyDomains: [], required: false });
    assert.deepEqual(normalize('email', { exceptDomains: ['a.com'], onlyDomains: ['b.com'] }).errors, {
      exceptDomains: { code: 'validation_empty', message: 'Must be blank.' },
      onlyDomains: { code: 'validation_empty', message: 'Must be blank.' },
    });
    assert.deepEqual(normalize('email', { exceptDomains: ['not a domain', 'ok.com', '', 'localhost', 'Bad.COM'] }).errors, {
      exceptDomains: {
        '0': { code: 'validation_is_domain', message: 'Must be a valid domain.' },
        '3': { code: 'validation_is_domain', message: 'Must be a valid domain.' },
      },
    });
    assert.deepEqual(normalize('email', { exceptDomains: null }).field.exceptDomains, []);
  });
  it('validates format and domains', async () => {
    const ctx = plainContext();
    const only = makeField('email', { onlyDomains: ['ok.com'] });
    assert.deepEqual(await email.validate('x', only, ctx), { code: 'validation_is_email', message: 'Must be a valid email address.' });
    assert.deepEqual(await email.validate('x@bad.com', only, ctx), {
      code: 'validation_email_domain_not_allowed', message: 'Email domain is not allowed.',
    });
    assert.equal(await email.validate('x@ok.com', only, ctx), undefined);
    assert.equal((await email.validate('x@OK.com', only, ctx))?.code, 'validation_email_domain_not_allowed', 'case-sensitive');
    const except = makeField('email', { exceptDomains: ['bad.com'], required: true });
    assert.equal((await email.validate('x@bad.com', except, ctx))?.code, 'validation_email_domain_not_allowed');
    assert.equal((await email.validate('', except, ctx))?.code, 'validation_required');
    assert.equal(email.prepare(12, except), '12');
  });
});
