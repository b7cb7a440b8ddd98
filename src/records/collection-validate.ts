import { BadRequestError, fieldError, type ErrorData } from '../lib/errors.js';
import { defaultCollectionId } from '../lib/ids.js';
import type { Executor } from '../store/store.js';
import { getFieldType, hasFieldType } from './fields/registry.js';
import { indexName } from './schema-sync.js';
import type { Collection, Field } from './model.js';

/**
 * Checks a normalized collection definition before its schema change runs. Returns PocketBase's
 * nested errors (`{name: {...}}`, `{fields: {"2": {name: {...}}}}`) or undefined.
 */

export interface ValidateContext {
  db: Executor;
  existing?: Collection;
  all: Collection[];
  findCollection(idOrName: string): Collection | undefined;
  /** Rule syntax check; returns an error message or undefined. */
  checkRule(rule: string, c: Collection): string | undefined;
}

const nameRe = /^\w+$/;
const foundVia = () => fieldError('validation_found_via', 'The value cannot contain "_via_".');
const reservedFieldNames = new Set(['null', 'true', 'false', '_rowid_', 'collectionid', 'collectionname', 'expand']);
const reservedAuthFieldNames = new Set(['passwordconfirm', 'oldpassword']);
const internalTables = new Set(['_collections', '_params', '_migrations', 'sqlite_master', 'sqlite_sequence']);
const tokenDurationMin = 10;
const tokenDurationMax = 94670856;
const secretCharsMin = 30;
const secretCharsMax = 255;
const nameMax = 255;
const fieldNameMax = 100;

export async function validateCollection(c: Collection, ctx: ValidateContext): Promise<ErrorData | undefined> {
  const errors: ErrorData = {};
  const put = (key: string, e: ErrorData[string] | undefined) => e && !errors[key] && (errors[key] = e);
  put('id', validateId(c, ctx));
  put('name', validateName(c, ctx));
  put('type', validateType(c, ctx));
  put('system', ctx.existing && ctx.existing.system !== c.system ? fieldError('validation_collection_system_flag_change', 'System collection state cannot be changed.') : undefined);
  put('fields', validateFields(c, ctx));
  for (const key of ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule', 'authRule', 'manageRule'] as const) {
    const rule = c[key];
    if (typeof rule === 'string' && rule !== '') {
      const msg = ctx.checkRule(rule, c);
      if (msg) put(key, fieldError('validation_invalid_rule', 'Invalid rule. Raw error: ' + msg));
    }
  }
  if (c.type === 'view') put('viewQuery', await validateViewQuery(c, ctx));
  else put('indexes', validateIndexes(c, ctx));
  if (c.type === 'auth') Object.assign(errors, { ...validateAuth(c), ...errors });
  return Object.keys(errors).length ? errors : undefined;
}

function validateId(c: Collection, ctx: ValidateContext) {
  if (ctx.existing) return undefined;
  // a generated id clashes only when the name does: the name check reports that
  if (c.id === defaultCollectionId(c.type, c.name)) return undefined;
  if (!/^\w{1,100}$/.test(c.id)) return fieldError('validation_match_invalid', 'Must be in a valid format.');
  if (ctx.all.some((o) => o.id === c.id || o.name.toLowerCase() === c.id.toLowerCase()))
    return fieldError('validation_invalid_or_existing_id', 'The model id is invalid or already exists.');
  return undefined;
}

function validateName(c: Collection, ctx: ValidateContext) {
  if (!c.name) return fieldError('validation_required', 'Cannot be blank.');
  if (c.name.length > nameMax) return fieldError('validation_length_too_long', `The length must be no more than ${nameMax}.`, { max: nameMax });
  if (!nameRe.test(c.name)) return fieldError('validation_match_invalid', 'Must be in a valid format.');
  if (c.name.includes('_via_')) return foundVia();
  if (ctx.existing?.system && ctx.existing.name !== c.name) return fieldError('validation_collection_system_name_change', 'System collection name cannot be changed.');
  const lower = c.name.toLowerCase();
  const others = ctx.all.filter((o) => o.id !== ctx.existing?.id);
  if (others.some((o) => o.name.toLowerCase() === lower)) return fieldError('validation_collection_name_exists', 'Collection name must be unique (case insensitive).');
  if (others.some((o) => o.id.toLowerCase() === lower)) return fieldError('validation_collection_name_id_duplicate', 'The name must not match an existing collection id.');
  if (internalTables.has(lower) || lower.startsWith('sqlite_') || lower.startsWith('_tmp_')) return fieldError('validation_collection_name_invalid', 'The name shouldn\'t match with an existing internal table.');
  return undefined;
}

function validateType(c: Collection, ctx: ValidateContext) {
  if (!['base', 'auth', 'view'].includes(c.type)) return fieldError('validation_in_invalid', 'Must be a valid value.');
  if (ctx.existing && ctx.existing.type !== c.type) return fieldError('validation_collection_type_change', 'Collection type cannot be changed.');
  return undefined;
}

function validateFields(c: Collection, ctx: ValidateContext): ErrorData[string] | undefined {
  const errors: ErrorData = {};
  const seenNames = new Set<string>();
  const seenIds = new Set<string>();
  c.fields.forEach((f, i) => {
    const e = validateField(f, c, ctx, seenNames, seenIds);
    if (e) errors[String(i)] = e;
  });
  if (c.type === 'view' && !c.fields.length) return fieldError('validation_required', 'Cannot be blank.');
  if (!c.fields.some((f) => f.name === 'id' && (f.primaryKey || c.type === 'view'))) {
    return Object.keys(errors).length ? errors : fieldError('validation_missing_primary_key', 'Missing or invalid "id" PK field.');
  }
  return Object.keys(errors).length ? errors : undefined;
}

function validateField(f: Field, c: Collection, ctx: ValidateContext, names: Set<string>, ids: Set<string>): ErrorData | undefined {
  const e: ErrorData = {};
  const lower = f.name.toLowerCase();
  if (!f.name) e.name = fieldError('validation_required', 'Cannot be blank.');
  else if (f.name.length > fieldNameMax || !nameRe.test(f.name)) e.name = fieldError('validation_match_invalid', 'Must be in a valid format.');
  else if (f.name.includes('_via_')) e.name = foundVia();
  else if (reservedFieldNames.has(lower)) e.name = fieldError('validation_not_in_invalid', 'Must not be in list.');
  else if (c.type === 'auth' && reservedAuthFieldNames.has(lower)) e.name = fieldError('validation_reserved_field_name', 'The field name is reserved and cannot be used.');
  else if (names.has(lower)) e.name = fieldError('validation_duplicated_field_name', 'Duplicated or invalid field name.');
  if (ids.has(f.id)) e.id = fieldError('validation_duplicated_field_id', 'Duplicated or invalid field id.');
  names.add(lower);
  ids.add(f.id);
  if (!hasFieldType(f.type)) throw new BadRequestError('Failed to load the submitted data due to invalid formatting.');
  const old = ctx.existing?.fields.find((o) => o.id === f.id);
  if (old && old.type !== f.type) e.type = fieldError('validation_field_type_change', 'Field type cannot be changed.');
  if (old?.system && (old.name !== f.name || !f.system)) e.name ??= fieldError('validation_system_field_change', 'System field name cannot be changed.');
  const optionErrors = getFieldType(f.type).normalizeOptions(f, { collection: c, findCollection: ctx.findCollection });
  if (optionErrors) Object.assign(e, optionErrors);
  return Object.keys(e).length ? e : undefined;
}

const indexRe = /^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?[`"']?(\w+)[`"']?\s+ON\s+[`"']?(\w+)[`"']?\s*\((.+)\)\s*(?:WHERE\s+(.+))?;?\s*$/is;

function validateIndexes(c: Collection, ctx: ValidateContext): ErrorData | undefined {
  const errors: ErrorData = {};
  const seen = new Set<string>();
  const taken = new Set(ctx.all.filter((o) => o.id !== c.id).flatMap((o) => o.indexes.map((s) => indexName(s)?.toLowerCase())));
  c.indexes.forEach((sql, i) => {
    const m = indexRe.exec(sql);
    const name = m?.[2]?.toLowerCase();
    if (!m || !name) errors[String(i)] = fieldError('validation_invalid_index_expression', 'Invalid CREATE INDEX expression.');
    else if (seen.has(name)) errors[String(i)] = fieldError('validation_duplicated_index_name', 'The index name already exists.');
    else if (taken.has(name)) errors[String(i)] = fieldError('validation_existing_index_name', 'Index name is already used by another collection.');
    if (name) seen.add(name);
  });
  return Object.keys(errors).length ? errors : undefined;
}

async function validateViewQuery(c: Collection, ctx: ValidateContext) {
  const q = (c.viewQuery ?? '').trim().replace(/;+\s*$/, '');
  const invalid = (why: string) => fieldError('validation_invalid_view_query', `Invalid query - ${why}`);
  if (!q) return fieldError('validation_required', 'Cannot be blank.');
  if (!/^(SELECT|WITH)\s/i.test(q) || q.includes(';')) return invalid('only a single SELECT statement is allowed.');
  try {
    const cols = await ctx.db.describe(q);
    if (!cols.some((col) => col.name === 'id')) return invalid('missing required id column (you can use `(ROW_NUMBER() OVER()) as id` if you don\'t have one).');
  } catch (err) {
    return invalid((err as Error).message);
  }
  c.viewQuery = q;
  return undefined;
}

function validateAuth(c: Collection): ErrorData {
  const errors: ErrorData = {};
  for (const kind of ['authToken', 'passwordResetToken', 'emailChangeToken', 'verificationToken', 'fileToken'] as const) {
    const d = Number(c[kind]?.duration);
    const secret = String(c[kind]?.secret ?? '');
    if (!Number.isFinite(d) || d < tokenDurationMin || d > tokenDurationMax) {
      errors[kind] = { duration: fieldError('validation_min_greater_equal_than_required', `Must be no less than ${tokenDurationMin}.`, { threshold: tokenDurationMin }) };
    } else if (secret.length < secretCharsMin || secret.length > secretCharsMax) {
      errors[kind] = { secret: fieldError('validation_length_out_of_range', `The length must be between ${secretCharsMin} and ${secretCharsMax}.`, { max: secretCharsMax, min: secretCharsMin }) };
    }
  }
  const identity = c.passwordAuth?.identityFields ?? [];
  const bad = identity.findIndex((name) => !hasUniqueIndex(c, name));
  if (bad >= 0) errors.passwordAuth = { identityFields: fieldError('validation_missing_unique_constraint', `The field "${identity[bad]}" doesn't have a UNIQUE constraint.`) };
  return errors;
}

function hasUniqueIndex(c: Collection, field: string): boolean {
  return c.indexes.some((sql) => {
    const m = indexRe.exec(sql);
    if (!m || !m[1]) return false;
    const cols = m[4].split(',').map((s) => s.trim().replace(/[`"']/g, '').split(/\s+/)[0]);
    return cols.length === 1 && cols[0] === field;
  });
}
