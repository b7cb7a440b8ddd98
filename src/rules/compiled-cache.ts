/**
 * Compiled rules and filters, remembered. An API rule is compiled on every request otherwise (a
 * fifth of a get-one's CPU), though its SQL only changes with the schema and with the request
 * values it reads. The key therefore holds the schema version, the expression and mode, and the
 * parts of the request the expression names (`@request.auth` → the caller's record, and so on).
 * Expressions with date macros (`@now`, `@today`…) depend on the clock and are never kept.
 */
import type { Collection } from '../records/model.js';
import type { CompiledSql, RequestInfo } from './record-filter.js';

const maxEntries = 2000;
/** Request fingerprints past this size (big bodies) are not worth a cache slot. */
const maxFingerprint = 4096;

export class CompiledCache {
  private entries = new Map<string, CompiledSql>();
  private version = -1;
  /** Collection objects by identity: a candidate being validated never shares a registered one's slot. */
  private objectIds = new WeakMap<Collection, number>();
  private nextObjectId = 0;

  /** `compile` runs on a miss; `version` is the schema version the result depends on. */
  get(version: number, c: Collection, kind: string, expression: string, req: RequestInfo, compile: () => CompiledSql, client = false): CompiledSql {
    const fp = client ? wholeRequest(req) : fingerprint(expression, req);
    if (fp === undefined) return compile();
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    let objectId = this.objectIds.get(c);
    if (objectId === undefined) this.objectIds.set(c, (objectId = this.nextObjectId++));
    const key = `${objectId}\u0000${kind}\u0000${expression}\u0000${fp}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    const compiled = compile();
    Object.freeze(compiled.params);
    Object.freeze(compiled);
    // insertion order is age: drop the oldest when full (a plain FIFO is enough here)
    if (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, compiled);
    return compiled;
  }
}

/**
 * Client filters are compiled with the list rules of the collections they join, which may read
 * any part of the request: the whole request is the key.
 */
function wholeRequest(req: RequestInfo): string | undefined {
  return stringify([req.auth ? [req.auth.collection.id, req.auth.record] : null, req.body ?? null, req.query ?? null, req.headers ?? null, req.method ?? '', req.context ?? '']);
}

/** The request values `expression` can read, as text; undefined when it must not be cached. */
function fingerprint(expression: string, req: RequestInfo): string | undefined {
  if (!expression.includes('@')) return '';
  // any `@` other than @request./@collection. may be a clock macro: compile afresh
  if (/@(?!request\.|collection\.)/.test(expression)) return undefined;
  if (!expression.includes('@request.')) return '';
  const parts: unknown[] = [];
  if (expression.includes('@request.auth')) parts.push(req.auth ? [req.auth.collection.id, req.auth.record] : null);
  if (expression.includes('@request.body')) parts.push(req.body ?? null);
  if (expression.includes('@request.query')) parts.push(req.query ?? null);
  if (expression.includes('@request.headers')) parts.push(req.headers ?? null);
  if (expression.includes('@request.method')) parts.push(req.method ?? '');
  if (expression.includes('@request.context')) parts.push(req.context ?? '');
  return stringify(parts);
}

function stringify(parts: unknown[]): string | undefined {
  let fp: string;
  try {
    fp = JSON.stringify(parts);
  } catch {
    return undefined;
  }
  return fp.length > maxFingerprint ? undefined : fp;
}
