import type { Bus } from '../bus/bus.js';
import { topics } from '../bus/bus.js';
import { BadRequestError, NotFoundError, ValidationError } from '../lib/errors.js';
import type { Executor, Store, Tx } from '../store/store.js';
import type { Collection } from './model.js';
import { rowToData, type RecordData } from './record.js';
import { superusersName } from './model.js';
import { createRecordHooks, tagsOf, type RecordChange, type RecordHooks } from './record-events.js';
import { deleteRow, findById, insertRecord, updateRecord } from './record-repo.js';
import { prepareRecord, uniqueViolation, type CollectionLookup } from './record-save.js';
import { detachReferences } from './record-cascade.js';
import type { Files } from '../files/files.js';
import { isPlainFileName } from '../files/file-name.js';
import type { UploadedFile } from '../files/upload.js';
import { fieldError } from '../lib/errors.js';
import { uploadError } from './fields/file.js';
import { applyBody, zeroRecord } from './record-body.js';
import { fileFieldOfKey, filesDirOf, filesLeftBehind, hasFileFields, mergeUploads, uploadsKept } from './record-files.js';

export interface WriteOptions {
  superuser: boolean;
  manager?: boolean;
  /** Checked inside the transaction after the row is written (create/update rules); false rolls back. */
  check?: (tx: Executor, record: RecordData) => Promise<void>;
  /** Join an outer transaction (batch requests). */
  tx?: Tx;
  /** Files uploaded with the request, spooled on local disk; stored before the transaction. */
  files?: readonly UploadedFile[];
}

/** Uploads written to storage ahead of a save, and how to take them back if it fails. */
interface StagedFiles {
  body: Record<string, unknown>;
  uploads?: ReadonlyMap<string, UploadedFile>;
  presetId?: string;
  undo(): Promise<void>;
}

/** Rows loaded per step while truncating: bounds memory on big collections. */
const truncateBatch = 500;

async function refuseLastSuperuser(tx: Executor, c: Collection) {
  const r = await tx.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${tx.dialect.quote(c.name)}`);
  if (Number(r?.n ?? 0) <= 1) throw new BadRequestError("You can't delete the only existing superuser.");
}

/**
 * The one write path for records: prepare and validate, then in one transaction run the
 * model hooks whose last link writes the row, then after commit the after-hooks and the bus event.
 * HTTP handlers, batch requests and hook code all come through here.
 */
export class Records {
  readonly hooks: RecordHooks = createRecordHooks();

  /** `files` stores uploads; without it (bare tests) uploads are refused as unknown names. */
  constructor(private store: Store, private collections: CollectionLookup, private bus: Bus, private files?: Files) {}

  async create(c: Collection, body: Record<string, unknown>, opts: WriteOptions): Promise<RecordData> {
    const staged = await this.stageFiles(c, undefined, body, opts);
    try {
      return await this.inTx(opts.tx, async (tx) => {
        const { data } = await prepareRecord({
          collection: c, body: staged.body, superuser: opts.superuser, manager: opts.manager ?? false, db: tx, collections: this.collections,
          uploads: staged.uploads, presetId: staged.presetId,
        });
        await this.hooks.onRecordCreate.trigger({ collection: c, record: data, tx }, async (e) => {
          await this.guardUnique(c, 'Failed to create record.', () => insertRecord(tx, c, e.record));
        }, tagsOf(c));
        await opts.check?.(tx, data);
        this.afterCommit(tx, 'create', c, data);
        return data;
      });
    } catch (err) {
      await staged.undo();
      throw err;
    }
  }

  async update(c: Collection, loaded: RecordData, body: Record<string, unknown>, opts: WriteOptions): Promise<RecordData> {
    const staged = await this.stageFiles(c, loaded, body, opts);
    try {
      return await this.inTx(opts.tx, async (tx) => {
        // Re-read and lock the row: `n+` and other read-modify-writes must start from the value
        // committed last, not the one read before the transaction (Postgres writers run side by side).
        const existing = await findById(tx, c, loaded.id as string, undefined, true);
        if (!existing) throw new NotFoundError();
        const { data } = await prepareRecord({
          collection: c, existing, body: staged.body, superuser: opts.superuser, manager: opts.manager ?? false, db: tx, collections: this.collections,
          uploads: staged.uploads,
        });
        await this.hooks.onRecordUpdate.trigger({ collection: c, record: data, original: existing, tx }, async (e) => {
          await this.guardUnique(c, 'Failed to update record.', () => updateRecord(tx, c, existing.id as string, e.record));
        }, tagsOf(c));
        await opts.check?.(tx, data);
        this.afterCommit(tx, 'update', c, data);
        const replaced = filesLeftBehind(c, existing, data);
        // Replaced and removed files go only once the new row is committed.
        if (replaced.length && this.files) tx.afterCommit(() => this.files!.remove(filesDirOf(c, existing.id as string), replaced));
        return data;
      });
    } catch (err) {
      await staged.undo();
      throw err;
    }
  }

  /**
   * Uploads go to storage before the transaction (never holding the writer across a network
   * upload), under the record's folder, so a new record's id is settled first. An upload that
   * fails its field's checks is not written at all: validation refuses the save anyway.
   */
  private async stageFiles(c: Collection, existing: RecordData | undefined, body: Record<string, unknown>, opts: WriteOptions): Promise<StagedFiles> {
    const uploads = (opts.files ?? []).filter((u) => fileFieldOfKey(c, u.key));
    const none: StagedFiles = { body, undo: async () => undefined };
    if (!uploads.length || !this.files) return none;
    const merged = mergeUploads(body, uploads);
    const draft = applyBody(c, existing ?? zeroRecord(c), merged, { isNew: !existing, superuser: opts.superuser }).data;
    const id = String(draft.id ?? '');
    const staged: StagedFiles = { body: merged, uploads: new Map(uploads.map((u) => [u.name, u])), presetId: existing ? undefined : id, undo: none.undo };
    const kept = uploadsKept(c, draft, uploads);
    if (!kept.length || kept.some((u) => !u.path || uploadError(u, fileFieldOfKey(c, u.key)!))) return staged;
    if (!isPlainFileName(id)) {
      throw new ValidationError({ id: fieldError('validation_match_invalid', 'Must be in a valid format.') }, existing ? 'Failed to update record.' : 'Failed to create record.');
    }
    const files = this.files;
    const written = await files.store(filesDirOf(c, id), kept);
    return { ...staged, undo: () => files.removeKeys(written) };
  }

  /** Deletes a record and settles references to it (cascade, or clear, or refuse when required). */
  async delete(c: Collection, record: RecordData, opts: { tx?: Tx } = {}): Promise<void> {
    if (c.type === 'view') throw new BadRequestError('Unsupported collection type.');
    await this.inTx(opts.tx, async (tx) => {
      if (c.name === superusersName) await refuseLastSuperuser(tx, c);
      await this.hooks.onRecordDelete.trigger({ collection: c, record, original: record, tx }, async () => {
        await deleteRow(tx, c, record.id as string);
        // The record's folder (files and thumbs) goes once the delete, cascades included, commits.
        if (this.files && hasFileFields(c)) {
          const files = this.files;
          tx.afterCommit(() => files.removeDir(filesDirOf(c, record.id as string)));
        }
        await detachReferences(tx, c, record.id as string, this.collections, {
          update: (oc, rec, body) => this.update(oc, rec, body, { superuser: true, tx }),
          delete: (oc, rec) => this.delete(oc, rec, { tx }),
        });
      }, tagsOf(c));
      this.afterCommit(tx, 'delete', c, record);
    });
  }

  /** Deletes every record through the delete path, so cascades and events happen as for one. */
  async truncate(c: Collection): Promise<void> {
    await this.store.transaction(async (tx) => {
      for (;;) {
        const rows = await tx.query(tx.dialect.finalize(`SELECT * FROM ${tx.dialect.quote(c.name)} LIMIT ${truncateBatch}`));
        if (!rows.length) break;
        for (const row of rows) await this.delete(c, rowToData(c, row), { tx });
      }
    });
  }

  async findOne(c: Collection, id: string, db: Executor = this.store): Promise<RecordData> {
    const r = await findById(db, c, id);
    if (!r) throw new NotFoundError();
    return r;
  }

  private inTx<T>(tx: Tx | undefined, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return tx ? tx.transaction(fn) : this.store.transaction(fn);
  }

  private async guardUnique(c: Collection, message: string, write: () => Promise<void>) {
    try {
      await write();
    } catch (err) {
      const data = uniqueViolation(err, c);
      if (data) throw new ValidationError(data, message);
      throw err;
    }
  }

  private afterCommit(tx: Tx, action: RecordChange['action'], c: Collection, record: RecordData) {
    tx.afterCommit(async () => {
      const hook = action === 'create' ? this.hooks.onRecordAfterCreateSuccess : action === 'update' ? this.hooks.onRecordAfterUpdateSuccess : this.hooks.onRecordAfterDeleteSuccess;
      await hook.trigger({ collection: c, record }, () => undefined, tagsOf(c));
      const change: RecordChange = { action, collectionId: c.id, record };
      await this.bus.publish(topics.records, change);
    });
  }
}
