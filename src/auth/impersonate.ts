import { BadRequestError, fieldError, NotFoundError, ValidationError } from '../lib/errors.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findById } from '../records/record-repo.js';
import type { AuthDeps } from './auth-deps.js';
import { signToken } from './tokens.js';

/**
 * Impersonation: a superuser obtains an auth token for any record of an auth collection. The token
 * is not refreshable (auth-refresh echoes it back) and lasts `duration` seconds, or the
 * collection's auth token duration when 0.
 */
export class ImpersonateService {
  constructor(private readonly d: AuthDeps) {}

  async token(c: Collection, recordId: string, body: Record<string, unknown>): Promise<{ record: RecordData; token: string }> {
    const record = await findById(this.d.store, c, recordId);
    if (!record) throw new NotFoundError();
    const raw = body.duration ?? 0;
    if (typeof raw !== 'number' || !Number.isInteger(raw)) throw new BadRequestError('An error occurred while loading the submitted data.');
    if (raw < 0) {
      throw new ValidationError({ duration: fieldError('validation_min_greater_equal_than_required', 'Must be no less than 0.', { threshold: 0 }) });
    }
    const token = await signToken(c, { id: String(record.id), tokenKey: String(record.tokenKey ?? '') }, 'auth', { refreshable: false }, raw);
    return { record, token };
  }
}
