import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorData, FieldError } from '../lib/errors.js';
import { mergeSettings } from './settings-merge.js';
import { defaultSettings } from './settings-model.js';
import { validateSettings } from './settings-validate.js';

const blank = { code: 'validation_required', message: 'Cannot be blank.' };
const badUrl = { code: 'validation_is_url', message: 'Must be a valid URL.' };
const badEmail = { code: 'validation_is_email', message: 'Must be a valid email address.' };
const badHost = { code: 'validation_is_host', message: 'Must be a valid IP address or DNS name.' };
const badIp = { code: 'validation_invlaid_ip_or_subnet', message: 'Invalid IP or CIDR subnet.' };
const badValue = { code: 'validation_in_invalid', message: 'Must be a valid value.' };
const atLeast = (threshold: number): FieldError => ({
  code: 'validation_min_greater_equal_than_required', message: `Must be no less than ${threshold}.`, params: { threshold },
});

/** PATCH body → `data` of PocketBase 0.40.4's 400 answer, captured from the reference server. */
const cases: Array<[unknown, ErrorData]> = [
  [
    { meta: { appName: '' } },
    { meta: { appName: blank } },
  ],
  [
    { meta: { appName: 'A'.repeat(256) } },
    { meta: { appName: { code: 'validation_length_out_of_range', message: 'The length must be between 1 and 255.', params: { max: 255, min: 1 } } } },
  ],
  [
    { meta: { appName: '', appURL: 'x', senderName: '', senderAddress: 'y', accentColor: 'z' } },
    { meta: { accentColor: { code: 'validation_length_invalid', message: 'The length must be exactly 7.', params: { max: 7, min: 7 } }, appName: blank, appURL: badUrl, senderAddress: badEmail, senderName: blank } },
  ],
  [
    { meta: { accentColor: '#12345g', appURL: '', senderAddress: '' } },
    { meta: { accentColor: { code: 'validation_is_hex_color', message: 'Must be a valid hexadecimal color code.' }, appURL: blank, senderAddress: blank } },
  ],
  [
    { meta: { senderAddress: 'x' } },
    { meta: { senderAddress: badEmail } },
  ],
  [
    { meta: null },
    { meta: { appName: blank, appURL: blank, senderAddress: blank, senderName: blank } },
  ],
  [
    { smtp: { enabled: true, host: '', port: 0 } },
    { smtp: { host: blank, port: blank } },
  ],
  [
    { smtp: { port: -1, host: 'bad host!', authMethod: 'plain', localName: 'bad name!' } },
    { smtp: { authMethod: badValue, host: badHost, localName: badHost, port: atLeast(0) } },
  ],
  [
    { s3: { enabled: true } },
    { s3: { accessKey: blank, bucket: blank, endpoint: blank, region: blank, secret: blank } },
  ],
  [
    { s3: { endpoint: 'bad' } },
    { s3: { endpoint: badUrl } },
  ],
  [
    { backups: { s3: { enabled: true, endpoint: 'x' } } },
    { backups: { s3: { accessKey: blank, bucket: blank, endpoint: badUrl, region: blank, secret: blank } } },
  ],
  [
    { backups: { cron: 'bad' } },
    { backups: { cron: { code: 'validation_invalid_cron', message: 'Invalid cron expression - must be a valid macro or to have exactly 5 space separated segments.' } } },
  ],
  [
    { backups: { cron: '* * * * *', cronMaxKeep: 0 } },
    { backups: { cronMaxKeep: blank } },
  ],
  [
    { backups: { cronMaxKeep: -1 } },
    { backups: { cronMaxKeep: atLeast(1) } },
  ],
  [
    { batch: { enabled: true, maxRequests: 0, timeout: 0, maxBodySize: -1 } },
    { batch: { maxBodySize: atLeast(0), maxRequests: blank, timeout: blank } },
  ],
  [
    { batch: { maxRequests: -1, timeout: -1 } },
    { batch: { maxRequests: atLeast(0), timeout: atLeast(0) } },
  ],
  [
    { logs: { maxDays: -1, minLevel: 9007199254740992, maxDataSize: -1 } },
    { logs: { maxDataSize: atLeast(0), maxDays: atLeast(0), minLevel: { code: 'validation_max_less_equal_than_required', message: 'Must be no greater than 9007199254740991.', params: { threshold: 9007199254740991 } } } },
  ],
  [
    { superuserIPs: ['bad', '', '10.0.0.0/8', '::1'] },
    { superuserIPs: { "0": badIp, "1": blank } },
  ],
  [
    { rateLimits: { enabled: true, rules: [] } },
    { rateLimits: { rules: blank } },
  ],
  [
    { rateLimits: { rules: [{ label: '', audience: 'x', duration: 0, maxRequests: 0 }] } },
    { rateLimits: { rules: { "0": { audience: badValue, duration: blank, label: blank, maxRequests: blank } } } },
  ],
  [
    { rateLimits: { rules: [{ label: 'bad label!', audience: '@guest', duration: -1, maxRequests: -1 }] } },
    { rateLimits: { rules: { "0": { duration: atLeast(1), label: { code: 'validation_match_invalid', message: 'Must be in a valid format.' }, maxRequests: atLeast(1) } } } },
  ],
  [
    { rateLimits: { rules: [{ label: '/api/', duration: 1, maxRequests: 1 }, { label: 'users:create', duration: 1, maxRequests: 1 }, { label: '/api/', duration: 1, maxRequests: 1 }] } },
    { rateLimits: { rules: { "2": { label: { code: 'validation_conflicting_rate_limit_rule', message: 'Rate limit rule configuration with label /api/ already exists or conflicts with another rule.', params: { label: '/api/' } } } } } },
  ],
  [
    { rateLimits: { rules: [{ label: '/api', audience: '@auth', duration: 1, maxRequests: 1 }, { label: '/api', duration: 1, maxRequests: 1 }] } },
    { rateLimits: { rules: { "1": { label: { code: 'validation_conflicting_rate_limit_rule', message: 'Rate limit rule configuration with label /api already exists or conflicts with another rule.', params: { label: '/api' } } } } } },
  ],
  [
    { rateLimits: { rules: [{ label: '/api', duration: 1, maxRequests: 1 }, { label: '/api', duration: 0, maxRequests: 1 }] } },
    { rateLimits: { rules: { "1": { duration: blank } } } },
  ],
  [
    { rateLimits: { excludedIPs: ['1.2.3.4/33', '::1', ''] } },
    { rateLimits: { excludedIPs: { "0": badIp, "2": blank } } },
  ],
  [
    { rateLimits: { rules: [null] }, trustedProxy: { headers: ['', ''] } },
    { rateLimits: { rules: { "0": { duration: blank, label: blank, maxRequests: blank } } } },
  ],
];

for (const [patch, expected] of cases) {
  test(`validate ${JSON.stringify(patch).slice(0, 90)}`, () => {
    assert.deepEqual(validateSettings(mergeSettings(defaultSettings(), patch)), expected);
  });
}

test('defaults are valid', () => {
  assert.equal(validateSettings(defaultSettings()), undefined);
});

test('a fully configured instance is valid', () => {
  const s = mergeSettings(defaultSettings(), {
    meta: { appName: 'Shop', appURL: 'https://shop.example.com', senderAddress: 'no-reply@shop.example.com', accentColor: '' },
    smtp: { enabled: true, host: 'smtp.mailgun.org', port: 465, authMethod: 'LOGIN', tls: true, localName: 'shop.example.com' },
    s3: { enabled: true, bucket: 'b', region: 'eu-1', endpoint: 'https://s3.example.com', accessKey: 'k', secret: 's' },
    backups: { cron: '0 3 * * 1-5', cronMaxKeep: 7 },
    batch: { enabled: true },
    rateLimits: {
      enabled: true,
      excludedIPs: ['10.0.0.0/8', '::1'],
      rules: [
        { label: 'users:create', duration: 60, maxRequests: 5, audience: '@guest' },
        { label: 'POST /api/x', duration: 1, maxRequests: 1 },
        { label: '/api/', duration: 10, maxRequests: 300 },
      ],
    },
    superuserIPs: ['192.168.1.7'],
    logs: { minLevel: -4, maxDataSize: 65536 },
  });
  assert.equal(validateSettings(s), undefined);
});

test('error keys come out in PocketBase (sorted) order', () => {
  const errors = validateSettings(mergeSettings(defaultSettings(), { smtp: { port: -1 }, meta: { senderName: '', appName: '' } }));
  assert.deepEqual(Object.keys(errors!), ['meta', 'smtp']);
  assert.deepEqual(Object.keys(errors!.meta), ['appName', 'senderName']);
});

test('rate limit labels accepted and refused as PocketBase does', () => {
  const labelError = (label: string) => {
    const s = mergeSettings(defaultSettings(), { rateLimits: { rules: [{ label, duration: 1, maxRequests: 1 }] } });
    return validateSettings(s);
  };
  for (const label of ['*:auth', 'users:create', '/api/', '/', 'GET /api/x', 'GET /', 'get /api', 'GET', '/a-b/c_d']) {
    assert.equal(labelError(label), undefined, label);
  }
  const invalid = { rateLimits: { rules: { '0': { label: { code: 'validation_match_invalid', message: 'Must be in a valid format.' } } } } };
  for (const label of ['POST  /api', 'a-b', '/a.b', '*:*', '*', 'users:*', 'a:b:c', 'GET api', '/api/x y', '*:create-x', 'ünicode']) {
    assert.deepEqual(labelError(label), invalid, label);
  }
});
