import { ApiError } from '../lib/errors.js';
import { expandRecords } from '../records/expand.js';
import type { Collection } from '../records/model.js';
import type { RecordData } from '../records/record.js';
import { findWhere, type SqlPart } from '../records/record-repo.js';
import type { CollectionLookup } from '../records/record-save.js';
import type { Executor } from '../store/store.js';
import type { Access } from './access.js';
import type { RequestInfo } from './record-filter.js';

/** Related rows loaded per expanded path; bounds memory for huge fan-outs. */
const expandRowsMax = 100_000;

/**
 * Expands relations as the caller: each related collection's view rule applies (with
 * `@request.context = "expand"`); a locked rule drops that path silently, as PocketBase does.
 */
export async function expandAs(db: Executor, access: Access, collections: CollectionLookup, c: Collection, records: RecordData[], expand: string, info: RequestInfo): Promise<void> {
  if (!expand) return;
  const ctx: RequestInfo = { ...info, context: 'expand' };
  await expandRecords(db, c, records, expand, collections, async (target: Collection, where: SqlPart) => {
    let rule: SqlPart | undefined;
    try {
      rule = access.ruleCondition(target, 'viewRule', ctx);
    } catch (err) {
      if (err instanceof ApiError) return null;
      throw err;
    }
    return findWhere(db, target, rule ? [where, rule] : [where], expandRowsMax);
  });
}
