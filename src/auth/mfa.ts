import { BadRequestError } from '../lib/errors.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findById } from '../records/record-repo.js';
import { systemCollection, type AuthDeps } from './auth-deps.js';
import { hasExpired } from './auth-forms.js';

export const mfasName = '_mfas';

/** Names the sign-in methods carry into `_mfas.method`. */
export type AuthMethod = 'password' | 'otp' | 'oauth2';

/**
 * Multi-factor auth: when the collection wants it, a first successful sign-in only opens an
 * `_mfas` session (its id goes back as `mfaId`); a second sign-in with a different method and
 * that id completes it. Any two methods pair; the session expires after `mfa.duration`.
 */
export class MfaService {
  constructor(private readonly d: AuthDeps) {}

  /**
   * Returns a new session id when the caller must still prove a second factor, or undefined when
   * the sign-in may complete. `wanted` evaluates the collection's MFA rule for this record.
   */
  async check(c: Collection, record: RecordData, method: AuthMethod | '', mfaId: string, wanted: () => Promise<boolean>): Promise<string | undefined> {
    if (!c.mfa?.enabled || !method) return undefined;
    let wants: boolean;
    try {
      wants = await wanted();
    } catch {
      throw new BadRequestError('Failed to authenticate.');
    }
    if (!wants) return undefined;
    const mfas = systemCollection(this.d, mfasName);
    if (!mfaId) {
      const mfa = await this.d.records.create(mfas, { collectionRef: c.id, recordRef: record.id, method }, { superuser: true });
      return String(mfa.id);
    }
    const mfa = await findById(this.d.store, mfas, mfaId);
    if (!mfa || hasExpired(mfa.created, c.mfa.duration)) {
      if (mfa) await this.d.records.delete(mfas, mfa);
      throw new BadRequestError('Invalid or expired MFA session.');
    }
    if (mfa.recordRef !== record.id || mfa.collectionRef !== c.id) throw new BadRequestError('Invalid MFA session.');
    if (mfa.method === method) throw new BadRequestError('A different authentication method is required.');
    await this.d.records.delete(mfas, mfa);
    return undefined;
  }
}
