import type { FastifyRequest } from 'fastify';
import type { App } from '../app/app.js';
import type { AuthInfo } from '../auth/auth-records.js';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../lib/errors.js';
import type { Collection } from '../records/model.js';

/** Shared steps of the auth handlers: the collection from the path, the caller, after-response work. */

export function authCollection(app: App, name: string): Collection {
  const c = app.collections.find(name);
  if (!c) throw new NotFoundError('Missing or invalid collection context.');
  if (c.type !== 'auth') throw new NotFoundError('Missing or invalid auth collection context.');
  return c;
}

/** The caller must be signed in to this very collection (auth-refresh, request-email-change). */
export function requireCollectionAuth(req: FastifyRequest, c: Collection): AuthInfo & { refreshable?: boolean } {
  const auth = req.auth as (AuthInfo & { refreshable?: boolean }) | null;
  if (!auth) throw new UnauthorizedError('The request requires valid record authorization token.');
  if (auth.collection.id !== c.id) throw new ForbiddenError(`The request requires auth record from ${auth.collection.name} collection.`);
  return auth;
}

/** Lets work finish after the response (emails); its failure is logged, never shown to the client. */
export function background(req: FastifyRequest, task: Promise<void> | undefined, what: string): void {
  task?.catch((err) => req.log.warn({ err }, `${what} failed`));
}
