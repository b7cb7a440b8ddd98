/**
 * Errors are data. Domain code throws these; only `http/errors.ts` turns them into
 * PocketBase's `{status, message, data}` body.
 */

/** One field's validation failure, as PocketBase reports it. */
export interface FieldError {
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

/** Nested per-field errors: `{title: {code, message}}`, `{fields: {"2": {name: {...}}}}`. */
export interface ErrorData {
  [key: string]: FieldError | ErrorData;
}

export const defaultMessages: Record<number, string> = {
  400: 'Something went wrong while processing your request.',
  401: 'Missing or invalid authentication.',
  403: 'You are not allowed to perform this request.',
  404: "The requested resource wasn't found.",
  413: 'Request entity too large.',
  429: 'Too Many Requests.',
  503: 'The database is unavailable right now. Please try again later.',
  500: 'Something went wrong while processing your request.',
};

/**
 * Marks API errors across module copies: hook files loaded in their own module namespace import
 * their own copy of this class, so `instanceof` alone would miss their errors.
 */
const apiErrorBrand = Symbol.for('plinth.ApiError');

export class ApiError extends Error {
  readonly status: number;
  readonly data: ErrorData;
  readonly [apiErrorBrand] = true;
  constructor(status: number, message?: string, data: ErrorData = {}) {
    super(message || defaultMessages[status] || defaultMessages[400]);
    this.status = status;
    this.data = data;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError || (!!err && typeof err === 'object' && (err as Record<symbol, unknown>)[apiErrorBrand] === true);
}

export class BadRequestError extends ApiError {
  constructor(message?: string, data: ErrorData = {}) {
    super(400, message, data);
  }
}
export class UnauthorizedError extends ApiError {
  constructor(message?: string) {
    super(401, message);
  }
}
export class ForbiddenError extends ApiError {
  constructor(message?: string) {
    super(403, message);
  }
}
export class NotFoundError extends ApiError {
  constructor(message?: string) {
    super(404, message);
  }
}
export class TooLargeError extends ApiError {
  constructor(message?: string) {
    super(413, message);
  }
}

/** The store cannot be reached (lost Postgres connection): a 503 the client may retry. */
export class StoreUnavailableError extends ApiError {
  constructor(cause?: unknown) {
    super(503);
    this.cause = cause;
  }
}

/** A set of field errors; thrown by validators, wrapped by handlers into a 400 with their own message. */
export class ValidationError extends ApiError {
  constructor(data: ErrorData, message = 'An error occurred while validating the submitted data.') {
    super(400, message, data);
  }
}

export function fieldError(code: string, message: string, params?: Record<string, unknown>): FieldError {
  return params ? { code, message, params } : { code, message };
}

export function isFieldError(v: FieldError | ErrorData): v is FieldError {
  return typeof (v as FieldError).code === 'string' && typeof (v as FieldError).message === 'string';
}

/** PocketBase "sentenizes" messages: trimmed, capitalised, ending with punctuation. */
export function sentenize(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t[0].toUpperCase() + t.slice(1);
  return /[.?!]$/.test(s) ? s : s + '.';
}

export const required = () => fieldError('validation_required', 'Cannot be blank.');
