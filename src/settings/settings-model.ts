import { z } from 'zod';

/**
 * The app settings as PocketBase 0.40 stores and serves them. One zod schema is the single
 * description of the shape: types come from it, and `settings-merge.ts` walks it to apply a
 * PATCH body. Key order in each object is the order PocketBase's JSON uses, so serialized
 * settings read the same as the real server's.
 */

/** Go's int/int64: whole numbers only. Not `.int()`, which zod caps at 2^53 while Go takes up to 2^63. */
const int = z.number().refine((n) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63);
const str = z.string();
const bool = z.boolean();

const smtpSchema = z.object({
  enabled: bool,
  port: int,
  host: str,
  username: str,
  /** Secret: never served, kept when a PATCH omits it. */
  password: str,
  /** "", "PLAIN" or "LOGIN"; empty falls back to PLAIN when sending. */
  authMethod: str,
  tls: bool,
  localName: str,
});

const s3Schema = z.object({
  enabled: bool,
  bucket: str,
  region: str,
  endpoint: str,
  accessKey: str,
  /** Secret: never served, kept when a PATCH omits it. */
  secret: str,
  forcePathStyle: bool,
});

const backupsSchema = z.object({
  /** Empty disables scheduled backups. */
  cron: str,
  cronMaxKeep: int,
  s3: s3Schema,
});

const metaSchema = z.object({
  accentColor: str,
  appName: str,
  appURL: str,
  senderName: str,
  senderAddress: str,
  hideControls: bool,
});

const rateLimitRuleSchema = z.object({
  /** A tag (`create`), `collection:tag`, `*:tag`, an exact path or a `/prefix/`, optionally with a method. */
  label: str,
  /** "" (everyone), "@guest" or "@auth". */
  audience: str,
  /** Seconds per window. */
  duration: int,
  maxRequests: int,
});

const rateLimitsSchema = z.object({
  rules: z.array(rateLimitRuleSchema),
  excludedIPs: z.array(str),
  enabled: bool,
});

const trustedProxySchema = z.object({
  headers: z.array(str),
  useLeftmostIP: bool,
});

const batchSchema = z.object({
  enabled: bool,
  maxRequests: int,
  /** Seconds before the batch transaction is cancelled. */
  timeout: int,
  /** Bytes; 0 falls back to the server's default body limit. */
  maxBodySize: int,
});

const logsSchema = z.object({
  /** Bytes of serialized log data kept per entry; 0 means ~16 KB. */
  maxDataSize: int,
  maxDays: int,
  minLevel: int,
  logIP: bool,
  logAuthId: bool,
});

export const settingsSchema = z.object({
  superuserIPs: z.array(str),
  smtp: smtpSchema,
  backups: backupsSchema,
  s3: s3Schema,
  meta: metaSchema,
  rateLimits: rateLimitsSchema,
  trustedProxy: trustedProxySchema,
  batch: batchSchema,
  logs: logsSchema,
});

export type Settings = z.infer<typeof settingsSchema>;
export type SmtpConfig = z.infer<typeof smtpSchema>;
export type S3Config = z.infer<typeof s3Schema>;
export type BackupsConfig = z.infer<typeof backupsSchema>;
export type MetaConfig = z.infer<typeof metaSchema>;
export type RateLimitRule = z.infer<typeof rateLimitRuleSchema>;
export type RateLimitsConfig = z.infer<typeof rateLimitsSchema>;
export type TrustedProxyConfig = z.infer<typeof trustedProxySchema>;
export type BatchConfig = z.infer<typeof batchSchema>;
export type LogsConfig = z.infer<typeof logsSchema>;

const emptyS3 = (): S3Config => ({
  enabled: false, bucket: '', region: '', endpoint: '', accessKey: '', secret: '', forcePathStyle: false,
});

const rule = (label: string, duration: number, maxRequests: number): RateLimitRule => ({ label, audience: '', duration, maxRequests });

/** What a fresh PocketBase 0.40.4 instance serves (plus the empty secrets it hides). */
export function defaultSettings(): Settings {
  return {
    superuserIPs: [],
    smtp: {
      enabled: false, port: 587, host: 'smtp.example.com', username: '', password: '', authMethod: '', tls: false, localName: '',
    },
    backups: { cron: '', cronMaxKeep: 3, s3: emptyS3() },
    s3: emptyS3(),
    meta: {
      accentColor: '#1055c9', appName: 'Acme', appURL: 'http://localhost:8090',
      senderName: 'Support', senderAddress: 'support@example.com', hideControls: false,
    },
    rateLimits: {
      // Shipped disabled, as PocketBase does, until the rules are tuned for the app.
      rules: [rule('*:auth', 3, 2), rule('*:create', 5, 20), rule('/api/batch', 1, 3), rule('/api/', 10, 300)],
      excludedIPs: [],
      enabled: false,
    },
    trustedProxy: { headers: [], useLeftmostIP: false },
    batch: { enabled: false, maxRequests: 50, timeout: 3, maxBodySize: 0 },
    logs: { maxDataSize: 0, maxDays: 5, minLevel: 0, logIP: true, logAuthId: false },
  };
}
