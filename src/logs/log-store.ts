import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { ExprNode, OperandNode } from '../filter/ast.js';
import { parseFilter } from '../filter/parser.js';
import { newId } from '../lib/ids.js';
import { formatDate } from '../lib/time.js';

const insertGroup = 50;

function rowsOf(batch: LogEntry[], from: number, n: number): unknown[] {
  const out: unknown[] = [];
  for (let i = from; i < from + n; i++) {
    const e = batch[i];
    out.push(e.id, e.level, e.message, JSON.stringify(e.data), e.created, e.updated);
  }
  return out;
}

export interface LogEntry {
  id: string;
  created: string;
  updated: string;
  level: number;
  message: string;
  data: Record<string, unknown>;
}

/**
 * Request and app logs in their own SQLite file (`<dataDir>/auxiliary.db`, as PocketBase keeps its
 * `_logs`): log writes never wait on, or hold, the main database's single writer, on SQLite or
 * Postgres alike. Entries are queued in memory and written in batches by a timer, so a request
 * never waits for its log line.
 */
export class LogStore {
  private readonly db: Database.Database;
  private queue: LogEntry[] = [];
  private readonly timer: NodeJS.Timeout;
  private lastCleanup = 0;
  private many?: Database.Statement;
  private one?: Database.Statement;

  private insertMany(): Database.Statement {
    return (this.many ??= this.db.prepare(`INSERT INTO _logs (id, level, message, data, created, updated) VALUES ${Array(insertGroup).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`));
  }

  private insertOne(): Database.Statement {
    return (this.one ??= this.db.prepare('INSERT INTO _logs (id, level, message, data, created, updated) VALUES (?, ?, ?, ?, ?, ?)'));
  }

  constructor(dataDir: string, private readonly maxDays: () => number) {
    this.db = new Database(join(dataDir, 'auxiliary.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS _logs (id TEXT PRIMARY KEY NOT NULL, level INTEGER NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '', data JSON NOT NULL DEFAULT '{}', created TEXT NOT NULL DEFAULT '', updated TEXT NOT NULL DEFAULT '');
      CREATE INDEX IF NOT EXISTS idx_logs_level ON _logs (level);
      CREATE INDEX IF NOT EXISTS idx_logs_created ON _logs (created);`);
    this.timer = setInterval(() => this.flush(), 200);
    this.timer.unref();
  }

  add(level: number, message: string, data: Record<string, unknown>): void {
    const now = formatDate(new Date());
    this.queue.push({ id: newId(), created: now, updated: now, level, message, data });
    if (this.queue.length >= 500) setImmediate(() => this.flush());
  }

  /** Writes what is queued in one transaction; drops entries older than `logs.maxDays` hourly. */
  flush(): void {
    if (!this.db.open) return;
    const batch = this.queue;
    this.queue = [];
    if (batch.length) {
      // rows go in groups of 50 per INSERT: one statement step per group, not per request
      this.db.transaction(() => {
        let i = 0;
        for (; i + insertGroup <= batch.length; i += insertGroup) this.insertMany().run(...rowsOf(batch, i, insertGroup));
        for (; i < batch.length; i++) this.insertOne().run(...rowsOf(batch, i, 1));
      })();
    }
    if (Date.now() - this.lastCleanup > 3600_000) {
      this.lastCleanup = Date.now();
      const cutoff = formatDate(new Date(Date.now() - Math.max(0, this.maxDays()) * 86400_000));
      this.db.prepare('DELETE FROM _logs WHERE created < ?').run(cutoff);
    }
  }

  list(opts: { page: number; perPage: number; filter?: string; sort?: string; skipTotal?: boolean }) {
    this.flush();
    const where = compileLogFilter(opts.filter);
    const order = compileLogSort(opts.sort);
    const rows = this.db.prepare(`SELECT * FROM _logs WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...where.params, opts.perPage, (opts.page - 1) * opts.perPage) as Record<string, unknown>[];
    const totalItems = opts.skipTotal ? -1 : (this.db.prepare(`SELECT count(*) AS n FROM _logs WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
    return { page: opts.page, perPage: opts.perPage, totalItems, totalPages: opts.skipTotal ? -1 : Math.ceil(totalItems / opts.perPage), items: rows.map(toEntry) };
  }

  get(id: string): LogEntry | undefined {
    this.flush();
    const row = this.db.prepare('SELECT * FROM _logs WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return row && toEntry(row);
  }

  /** Counts per hour, oldest first: `[{total, date: "2026-12-04 13:00:00.000Z"}]`. */
  stats(filter?: string): { total: number; date: string }[] {
    this.flush();
    const where = compileLogFilter(filter);
    return this.db.prepare(`SELECT count(id) AS total, strftime('%Y-%m-%d %H:00:00.000Z', created) AS date FROM _logs WHERE ${where.sql} GROUP BY date ORDER BY date`).all(...where.params) as { total: number; date: string }[];
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
    this.db.close();
  }
}

function toEntry(r: Record<string, unknown>): LogEntry {
  return { id: String(r.id), created: String(r.created), updated: String(r.updated), level: Number(r.level), message: String(r.message), data: JSON.parse(String(r.data || '{}')) };
}

const columns = new Set(['id', 'created', 'updated', 'level', 'message']);

/** A log field as SQL: a column, or `data.x.y` read from the JSON. Anything else is refused. */
function fieldSql(name: string): string {
  if (columns.has(name)) return `[${name}]`;
  if (/^data(\.[A-Za-z0-9_]+)+$/.test(name)) return `json_extract([data], '$${name.slice(4)}')`;
  if (name === 'data') return '[data]';
  throw new LogFilterError(`invalid log field "${name}"`);
}

export class LogFilterError extends Error {}

/** The project's filter syntax over the log fields (no relations, no functions). */
export function compileLogFilter(filter?: string): { sql: string; params: unknown[] } {
  if (!filter?.trim()) return { sql: '1=1', params: [] };
  const params: unknown[] = [];
  const operand = (n: OperandNode): string => {
    if (n.kind === 'identifier') {
      if (n.name === 'null') return 'NULL';
      if (n.name === 'true' || n.name === 'false') return n.name === 'true' ? '1' : '0';
      return fieldSql(n.name);
    }
    if (n.kind === 'text' || n.kind === 'number') {
      params.push(n.value);
      return '?';
    }
    throw new LogFilterError(`unsupported function ${n.name}() in a log filter`);
  };
  const expr = (n: ExprNode): string => {
    if (n.kind !== 'comparison') return `(${n.items.map(expr).join(n.kind === 'and' ? ' AND ' : ' OR ')})`;
    const op = n.op.replace(/^\?/, '');
    const l = operand(n.left);
    if (op === '~' || op === '!~') {
      const r = n.right.kind === 'text' ? (params.push(n.right.value.includes('%') ? n.right.value : `%${n.right.value}%`), '?') : operand(n.right);
      return `(${l} ${op === '~' ? 'LIKE' : 'NOT LIKE'} ${r} ESCAPE '\\')`;
    }
    const r = operand(n.right);
    if (op === '=') return `(${l} IS ${r})`;
    if (op === '!=') return `(${l} IS NOT ${r})`;
    return `(${l} ${op} ${r})`;
  };
  try {
    return { sql: expr(parseFilter(filter)), params };
  } catch (err) {
    throw err instanceof LogFilterError ? err : new LogFilterError((err as Error).message);
  }
}

function compileLogSort(sort?: string): string {
  if (!sort?.trim()) return '[created] DESC, [id] DESC';
  return sort.split(',').map((part) => {
    const p = part.trim();
    const desc = p.startsWith('-');
    const name = p.replace(/^[-+]/, '');
    if (name === '@random') return 'RANDOM()';
    return `${fieldSql(name)} ${desc ? 'DESC' : 'ASC'}`;
  }).join(', ');
}
