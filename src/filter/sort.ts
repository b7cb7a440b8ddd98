import { FilterError } from './filter-error.js';
import { sortExprMax, sortFieldLengthMax } from './limits.js';

/**
 * The `sort` query parameter: a comma list of names, each optionally prefixed with `-` (DESC)
 * or `+` (ASC). Names are resolved later like filter identifiers; `@random` and `@rowid` are
 * special keys.
 */
export interface SortItem {
  readonly name: string;
  readonly direction: 'ASC' | 'DESC';
  /** 0-based offset of the item in the sort text. */
  readonly pos: number;
}

export const randomSortKey = '@random';
export const rowidSortKey = '@rowid';

export function parseSort(sort: string): readonly SortItem[] {
  const parts = sort.split(',');
  if (parts.length > sortExprMax) throw new FilterError('max sort expressions limit reached');
  const items: SortItem[] = [];
  let pos = 0;
  for (const part of parts) {
    if (part.length > sortFieldLengthMax) throw new FilterError('max sort field length limit reached', pos);
    const trimmed = part.trim();
    const at = pos + part.indexOf(trimmed);
    const desc = trimmed.startsWith('-');
    const name = desc || trimmed.startsWith('+') ? trimmed.slice(1) : trimmed;
    if (!name) throw new FilterError(`invalid sort field ${JSON.stringify(trimmed)}`, at);
    items.push(Object.freeze({ name, direction: desc ? 'DESC' : 'ASC', pos: at }));
    pos += part.length + 1;
  }
  return Object.freeze(items);
}
