import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUrl } from './settings-url.js';

// What PocketBase 0.40.4 accepted and refused as meta.appURL, captured from the reference server.
const accepted = [
  "http://localhost:8090", "http://localhost", "localhost:8090", "https://example.com/path?q=1#x",
  "example.com", "http://a", "ftp://x.y", "mailto:a@b.c", "http://1.2.3.4:80", "http://[::1]:8090",
  "http://user:pass@host.com", "https://ex_ample.com", "http//x.com", "https://例子.测试",
  "https://example.com:99999", "https://a--b.com", "ws://host.x", "http://a/b@c.com", "ab.c", "www.x",
  "www.a.b", "http://www.", "http://a.b.", "http://a---b.com", "http://a--b--c.com",
  "http://xn--80ak6aa92e.com", "http://1.2.3.4", "http://223.255.255.255", "http://240.1.1.1",
  "http://10.0.0.0", "http://[fe80::1%25eth0]", "http://[1:2:3:4:5:6:7:8]", "http://a.b/%41",
  "http://a.b?%zz", "http://a@b@c.com", "http://:pass@c.com", "a.b:80", "a:80", "1.2.3.4:80",
  "http://a.b/c\\d", "http://ünï.cödé", "http://abc.dé", "http://abc.d1", "http://a1-b2.c3-d4.com",
  "http://a-b_c.com", "http://ab.cd.ef", "http://a.bc.de", "tcp://a.b", "udp://a.b", "wss://a.b",
  "http://a.b/../x", "https://a.b/c?d=e&f=g#h", "https://localhost./x", "http://a.b./x", "http://a.b.:80",
];

const refused = [
  "localhost", "abc", "abcd", "http://", "file:///etc", "https://exa mple.com", ".example.com",
  "http://.example.com", "https://example.com:123456", "HTTP://EXAMPLE.COM", "https://a-.com",
  "https://-a.com", "javascript:alert(1)", "custom://host", "http://256.1.1.1", "http://1.2.3",
  "http://1.2.3.4.5", "/relative/path", "?q=1", "https://example.com/%zz", "http://x.c1", "https://e.com\n",
  "http://x/y z", "a.b", "a.b.c", "http://a_b.c", "http://a_b", "http://ab_", "http://a..b", "http://a.b..",
  "http://a.b:", "http://a.b:/x", "http://a.b:123456/x", "http://a.b:1/x y", "http://224.1.1.1",
  "http://0.1.1.1", "http://[::1", "http://[1.2.3.4]", "http://a.b/%", "http://a.b#%zz", "http://a b@c.com",
  "http://us^er@c.com", "http://ex%41mple.com", "https://ex{ample.com", "https://exa|mple.com",
  "https://example.com:80:80", "http:///a.b", "///a.b", "//a.b", "//ab", "a.b:x", "http://a.b\\c",
  "http://ab.c-d", "http://a_b-c.d_e.com", "http://a.b_c.com", "http://www.a_b.cd", "gopher://a.b",
  "http://😀.com", "http://a.😀", "https://a.b.c.d.e.f.g.h", "https://a.b.c.d.e.f.g.1",
];

test('isUrl accepts what PocketBase accepts', () => {
  for (const s of accepted) assert.equal(isUrl(s), true, JSON.stringify(s));
});

test('isUrl refuses what PocketBase refuses', () => {
  for (const s of refused) assert.equal(isUrl(s), false, JSON.stringify(s));
});

test('isUrl stays fast on hostile input (no regex backtracking blow-up)', () => {
  const hostile = ['http://' + 'a'.repeat(2000) + '!', 'http://' + 'a-'.repeat(1000) + '!', 'http://' + 'a@'.repeat(1000), 'ab_'.repeat(690) + '.x!'];
  const started = performance.now();
  for (const s of hostile) assert.equal(isUrl(s), false);
  assert.ok(performance.now() - started < 500);
});
