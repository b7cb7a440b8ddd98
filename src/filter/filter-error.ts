import { BadRequestError } from '../lib/errors.js';

/**
 * A filter, sort or rule that cannot be parsed or resolved. Over HTTP it is PocketBase's generic
 * 400 (PocketBase never tells clients why a filter failed); `detail` carries the reason, as
 * PocketBase words it, for rule validation messages and logs. `position` is the 0-based offset in
 * the expression where the problem was found, or -1 when it concerns the whole expression.
 */
export class FilterError extends BadRequestError {
  readonly detail: string;
  readonly position: number;

  constructor(detail: string, position = -1) {
    super();
    this.detail = detail;
    this.position = position;
  }

  /** `detail` with the position appended, for logs and developer-facing messages. */
  describe(): string {
    return this.position >= 0 ? `${this.detail} (at position ${this.position})` : this.detail;
  }
}
