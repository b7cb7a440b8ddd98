import { fieldError, sentenize, type ErrorData, type FieldError } from '../lib/errors.js';
import { cronError } from './settings-cron.js';
import { isEmail, isHexColor, isHost, isIpOrSubnet } from './settings-formats.js';
import type {
  BackupsConfig, BatchConfig, LogsConfig, MetaConfig, RateLimitRule, RateLimitsConfig, S3Config, Settings, SmtpConfig,
} from './settings-model.js';
import { check, collect, eachItem, format, length, matches, max, min, oneOf, required, requiredIf, type Rule } from './settings-rules.js';
import { isUrl } from './settings-url.js';

/**
 * Checks merged settings before they are saved. Returns PocketBase's nested errors
 * (`{meta: {appName: {code, message}}}`, `{rateLimits: {rules: {"1": {label: ...}}}}`) or
 * undefined. Codes, messages and which rule wins per field match PocketBase 0.40.
 */

/** Larger integers lose precision once a JavaScript client parses the JSON. */
const maxSafeJsonInt = Number.MAX_SAFE_INTEGER;
const textMax = 255;

const url = format(isUrl, 'validation_is_url', 'Must be a valid URL.');
const email = format(isEmail, 'validation_is_email', 'Must be a valid email address.');
const host = format(isHost, 'validation_is_host', 'Must be a valid IP address or DNS name.');
const hexColor = format(isHexColor, 'validation_is_hex_color', 'Must be a valid hexadecimal color code.');
const ipOrSubnet = format(isIpOrSubnet, 'validation_invlaid_ip_or_subnet', 'Invalid IP or CIDR subnet.'); // sic, PocketBase's code
const cron: Rule<string> = (v) => {
  const err = v === '' ? undefined : cronError(v);
  return err ? fieldError('validation_invalid_cron', sentenize(err)) : undefined;
};

export function validateSettings(s: Settings): ErrorData | undefined {
  return collect({
    superuserIPs: eachItem(s.superuserIPs, required, ipOrSubnet),
    meta: validateMeta(s.meta),
    logs: validateLogs(s.logs),
    smtp: validateSmtp(s.smtp),
    s3: validateS3(s.s3),
    backups: validateBackups(s.backups),
    batch: validateBatch(s.batch),
    rateLimits: validateRateLimits(s.rateLimits),
  });
}

function validateMeta(m: MetaConfig) {
  return collect({
    accentColor: check(m.accentColor, length(7, 7), hexColor),
    appName: check(m.appName, required, length(1, textMax)),
    appURL: check(m.appURL, required, url),
    senderName: check(m.senderName, required, length(1, textMax)),
    senderAddress: check(m.senderAddress, email, required),
  });
}

function validateLogs(l: LogsConfig) {
  return collect({
    maxDataSize: check(l.maxDataSize, min(0), max(maxSafeJsonInt)),
    maxDays: check(l.maxDays, min(0), max(maxSafeJsonInt)),
    minLevel: check(l.minLevel, max(maxSafeJsonInt)),
  });
}

function validateSmtp(c: SmtpConfig) {
  return collect({
    host: check(c.host, requiredIf(c.enabled), host),
    port: check(c.port, requiredIf(c.enabled), min(0)),
    // Not required: an empty method falls back to PLAIN.
    authMethod: check(c.authMethod, oneOf('LOGIN', 'PLAIN')),
    localName: check(c.localName, host),
  });
}

function validateS3(c: S3Config) {
  return collect({
    endpoint: check(c.endpoint, url, requiredIf(c.enabled)),
    bucket: check(c.bucket, requiredIf(c.enabled)),
    region: check(c.region, requiredIf(c.enabled)),
    accessKey: check(c.accessKey, requiredIf(c.enabled)),
    // a stored secret satisfies this: PATCHes that omit it keep it
    secret: check(c.secret, requiredIf(c.enabled)),
  });
}

function validateBackups(b: BackupsConfig) {
  return collect({
    s3: validateS3(b.s3),
    cron: check(b.cron, cron),
    // Only scheduled backups are pruned, so the count matters once a cron is set.
    cronMaxKeep: check(b.cronMaxKeep, requiredIf(b.cron !== ''), min(1)),
  });
}

function validateBatch(b: BatchConfig) {
  return collect({
    maxRequests: check(b.maxRequests, requiredIf(b.enabled), min(0)),
    timeout: check(b.timeout, requiredIf(b.enabled), min(0)),
    maxBodySize: check(b.maxBodySize, min(0)),
  });
}

function validateRateLimits(r: RateLimitsConfig) {
  return collect({
    rules: requiredIf(r.enabled)(r.rules) ?? eachRule(r.rules) ?? conflictingRule(r.rules),
    excludedIPs: eachItem(r.excludedIPs, required, ipOrSubnet),
  });
}

const labelRe = /^(?:\w+ \/[\w/-]*|\/[\w/-]*|\w+:\w+|\*:\w+|\w+)$/;

function eachRule(rules: RateLimitRule[]): ErrorData | undefined {
  const errors: ErrorData = {};
  rules.forEach((rule, i) => {
    const err = collect({
      label: check(rule.label, required, matches(labelRe)),
      maxRequests: check(rule.maxRequests, required, min(1)),
      duration: check(rule.duration, required, min(1)),
      audience: check(rule.audience, oneOf('', '@guest', '@auth')),
    });
    if (err) errors[String(i)] = err;
  });
  return Object.keys(errors).length ? errors : undefined;
}

/**
 * Two rules conflict when one's `label@@audience` key is a prefix of the other's, so "/api"
 * for everyone also blocks "/api" for "@auth". Only the first conflict is reported, and only
 * once every rule is valid on its own (the order PocketBase checks them in).
 */
function conflictingRule(rules: RateLimitRule[]): ErrorData | undefined {
  const seen: string[] = [];
  for (const [i, rule] of rules.entries()) {
    const key = `${rule.label}@@${rule.audience}`;
    if (seen.some((k) => k.startsWith(key) || key.startsWith(k))) {
      const label: FieldError = fieldError(
        'validation_conflicting_rate_limit_rule',
        `Rate limit rule configuration with label ${rule.label} already exists or conflicts with another rule.`,
        { label: rule.label },
      );
      return { [String(i)]: { label } };
    }
    seen.push(key);
  }
  return undefined;
}
