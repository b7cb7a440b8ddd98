import { createHash } from 'node:crypto';
import { nowString } from '../lib/time.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findWhere } from '../records/record-repo.js';
import { systemCollection, type AuthDeps, type Background } from './auth-deps.js';
import { sendAuthAlertMail } from './auth-mails.js';

export const authOriginsName = '_authOrigins';
/** Origins remembered per record; the oldest go first. */
const originsMax = 5;
const userAgentCharsMax = 200;

/**
 * Login alerts: each sign-in's origin (client IP + user agent) is remembered in `_authOrigins`;
 * a sign-in from an origin not seen before (and not the very first one) is mailed to the owner.
 */
export class AuthAlertService {
  constructor(private readonly d: AuthDeps) {}

  /** Runs after the response: a slow mail server must not hold up the sign-in. */
  afterSignIn(c: Collection, record: RecordData, ip: string, userAgent: string): Background {
    if (!c.authAlert?.enabled) return undefined;
    return this.check(c, record, ip, userAgent);
  }

  private async check(c: Collection, record: RecordData, ip: string, rawAgent: string): Promise<void> {
    const ua = rawAgent.length > userAgentCharsMax ? rawAgent.slice(0, userAgentCharsMax) + '...' : rawAgent;
    const fingerprint = createHash('md5').update(ip + ua).digest('hex');
    const origins = systemCollection(this.d, authOriginsName);
    const q = this.d.store.dialect.quote;
    const where = { sql: `${q('collectionRef')} = ? AND ${q('recordRef')} = ?`, params: [c.id, record.id] };
    const known = (await findWhere(this.d.store, origins, [where], 1000)).sort((a, b) => String(b.created).localeCompare(String(a.created)));
    const current = known.find((o) => o.fingerprint === fingerprint);
    if (current) {
      await this.d.records.update(origins, current, {}, { superuser: true });
      return;
    }
    if (known.length && record.email) await sendAuthAlertMail(this.d, c, record, `${nowString()} - ${ip} ${ua}`);
    for (const old of known.slice(originsMax - 1)) await this.d.records.delete(origins, old);
    await this.d.records.create(origins, { collectionRef: c.id, recordRef: record.id, fingerprint }, { superuser: true });
  }
}
