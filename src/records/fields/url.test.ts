import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeField, normalize, plainContext } from './test-fixtures.js';
import { url } from './url.js';
import { isGoURL, parseGoUrl } from './url-format.js';

describe('url format', () => {
  it('agrees with PocketBase on these values', () => {
    const ok = [
      'example.com', 'http://localhost', 'ftp://x.y', 'mailto:a@b.c', 'http://127.0.0.1:8090/x', 'http://[::1]/',
      'http://a_b.com', 'https://bad.com:8080/', 'http://例え.jp/パス', 'ws://x.io', 'localhost:3000', 'http://user:pw@x.com',
      'x.com.', 'http://x',
    ];
    const bad = [
      'http://exa mple.com', 'file:///etc/passwd', 'http://a.b.c.d.e/?q=1#f', 'http://-x.com', 'http://x.com/%zz',
      'http://.x.com', 'HTTP://X.COM', 'http://256.1.1.1', 'javascript:alert(1)', 'abc', 'notaurl',
    ];
    for (const s of ok) assert.equal(isGoURL(s), true, s);
    for (const s of bad) assert.equal(isGoURL(s), false, s);
  });
  it('stays fast on hostile input', () => {
    const started = performance.now();
    for (const s of ['a'.repeat(2000) + '!', 'a-'.repeat(1000) + '!', 'a1-'.repeat(666) + '.!', 'aa.'.repeat(666) + '_!']) {
      isGoURL('http://' + s);
    }
    assert.ok(performance.now() - started < 1000);
  });
  it('parses the host as Go does', () => {
    assert.equal(parseGoUrl('https://bad.com:8080/x')?.host, 'bad.com:8080');
    assert.equal(parseGoUrl('example.com')?.host, '');
    assert.equal(parseGoUrl('http://[::1/'), null);
    assert.equal(parseGoUrl('http://x.com:80a/'), null);
  });
});

describe('url field', () => {
  it('has the domain lists', () => {
    assert.deepEqual(url.defaults(), { help: '', exceptDomains: [], onlyDomains: [], required: false });
    assert.equal(normalize('url', { onlyDomains: ['localhost'] }).errors?.onlyDomains !== undefined, true);
  });
  it('validates format and host', async () => {
    const ctx = plainContext();
    const except = makeField('url', { exceptDomains: ['bad.com'] });
    assert.deepEqual(await url.validate('notaurl', except, ctx), { code: 'validation_invalid_url', message: 'Must be a valid url.' });
    assert.deepEqual(await url.validate('http://bad.com/x', except, ctx), {
      code: 'validation_url_domain_not_allowed', message: 'Url domain is not allowed.',
    });
    assert.equal(await url.validate('http://bad.com:8080/', except, ctx), undefined, 'the host keeps its port');
    const only = makeField('url', { onlyDomains: ['ok.com'] });
    assert.equal((await url.validate('ok.com', only, ctx))?.code, 'validation_url_domain_not_allowed', 'no scheme, no host');
    assert.equal(await url.validate('https://ok.com/a', only, ctx), undefined);
    assert.equal((await url.validate('', makeField('url', { required: true }), ctx))?.code, 'validation_required');
  });
});
