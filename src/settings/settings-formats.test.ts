import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEmail, isHexColor, isHost, isIpOrSubnet } from './settings-formats.js';

// Accepted/refused values captured from PocketBase 0.40.4 (meta.senderAddress, smtp.host, superuserIPs).
const emails = {
  ok: [
    "a@b.co", "support@example.com", "a@b.c", "a@1.com", "A@B.COM", "a+b@x.io", "a@b.com.", "a@b_c.com",
    "a@b~c.com", "üser@exämple.com", "a@b.c-d", "=?utf-8?q?x?=@b.com",
  ],
  bad: [
    "x", "a@b", "a@b.c1", "a@b-.com", "a@-b.com", "a@b..com", "a.@b.com", ".a@b.com", "a..b@b.com",
    "\"a b\"@x.io", "a@b.c_", "a@b.cd-", "a b@c.com", "a@[1.2.3.4]", "a@b.co\n",
  ],
};
const hosts = {
  ok: [
    "smtp.example.com", "localhost", "1.2.3.4", "::1", "_x.example", "x_", "x.", "x-.com", "a.b-",
    "01.2.3.4", "256.1.1.1", "1.2.3", "xn--bcher-kva.example", "a_b",
  ],
  bad: [
    "[::1]", "x..y", "-x.com", "exa mple.com", "a:25", "bücher.de", "...", "fe80::1%eth0", "a.-b",
  ],
};
const ips = {
  ok: [
    "1.2.3.4", "1.2.3.4/24", "::1", "::1/128", "fe80::1%eth0", "fe80::1%eth0/64", "::ffff:1.2.3.4",
    "0.0.0.0/0",
  ],
  bad: [
    "01.2.3.4", "1.2.3.4/33", "1.2.3.4/024", "::1/129", "1.2.3", "[::1]", "1.2.3.4/", "1.2.3.4/-1",
    " 1.2.3.4",
  ],
};

const table: Array<[string, (s: string) => boolean, { ok: string[]; bad: string[] }]> = [
  ['isEmail', isEmail, emails],
  ['isHost', isHost, hosts],
  ['isIpOrSubnet', isIpOrSubnet, ips],
];

for (const [name, fn, { ok, bad }] of table) {
  test(`${name} matches PocketBase`, () => {
    for (const s of ok) assert.equal(fn(s), true, `${name}(${JSON.stringify(s)})`);
    for (const s of bad) assert.equal(fn(s), false, `${name}(${JSON.stringify(s)})`);
  });
}

test('isHexColor', () => {
  for (const s of ['#1055c9', '#ABCDEF', 'abc', '#abc']) assert.equal(isHexColor(s), true, s);
  for (const s of ['#12345g', '#1234', '1055c9x', '']) assert.equal(isHexColor(s), false, s);
});
