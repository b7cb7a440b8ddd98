import { isSuperuser, type AuthInfo } from '../auth/auth-records.js';
import { ForbiddenError } from '../lib/errors.js';
import { applyFields } from '../lib/fields-projection.js';
import type { Collection } from '../records/model.js';
import { publicRecord, type RecordData } from '../records/record.js';
import { findById, type SqlPart } from '../records/record-repo.js';
import type { CollectionLookup } from '../records/record-save.js';
import type { Access } from '../rules/access.js';
import { expandAs } from '../rules/expand-as.js';
import type { RequestInfo } from '../rules/record-filter.js';
import type { Executor } from '../store/store.js';
import type { DeliveryPolicy } from './broker.js';
import type { SubscriptionOptions } from './realtime-client.js';
import { snapshotMatches } from './snapshot-match.js';

function infoFor(auth: AuthInfo | null, options: SubscriptionOptions): RequestInfo {
  return { auth, body: {}, query: options.query, headers: options.headers, method: 'GET', context: 'realtime' };
}

/** Rules and rendering for realtime deliveries: the same engine as the REST API, as the subscriber. */
export function createDeliveryPolicy(db: Executor, access: Access, collections: CollectionLookup): DeliveryPolicy {
  return {
    findCollection: (k) => collections.find(k),

    async allowed(c, rule, record, auth, options) {
      const info = infoFor(auth, options);
      let cond: SqlPart | undefined;
      try {
        cond = access.ruleCondition(c, rule, info);
      } catch (err) {
        if (err instanceof ForbiddenError) return false;
        throw err;
      }
      const filter = access.clientFilter(c, options.query.filter ?? '', info);
      const parts = [cond, filter].filter((p): p is SqlPart => !!p?.sql);
      if (!parts.length) return true;
      const joined: SqlPart = { sql: parts.map((p) => `(${p.sql})`).join(' AND '), params: parts.flatMap((p) => p.params) };
      return snapshotMatches(db, c, record, joined);
    },

    async loadAuth(ref) {
      const c = collections.find(ref.collectionId);
      const record = c?.type === 'auth' ? await findById(db, c, ref.recordId) : undefined;
      return c && record ? { collection: c, record } : null;
    },

    async render(c: Collection, record: RecordData, auth, options) {
      await expandAs(db, access, collections, c, [record], options.query.expand ?? '', infoFor(auth, options));
      const out = publicRecord(c, record, { superuser: isSuperuser(auth), authId: auth?.record.id as string | undefined });
      return options.query.fields ? applyFields(out, options.query.fields) : out;
    },
  };
}
