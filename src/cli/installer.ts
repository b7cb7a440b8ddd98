import { randomBytes } from 'node:crypto';
import type { App } from '../app/app.js';
import { signToken } from '../auth/tokens.js';
import { superusersName } from '../records/model.js';
import { findCollectionRecordBy } from '../records/record-repo.js';

/** The temporary superuser behind the install link, named as PocketBase names it. */
export const installerEmail = '__pbinstaller@example.com';
/** Long enough to finish the form, short enough that a leaked terminal log goes stale. */
const installerTokenSeconds = 30 * 60;

/**
 * First run: with no real superuser, makes (or reuses) a temporary one and returns a one-time
 * dashboard link holding its non-refreshable token. Once a real superuser exists the temporary
 * one is deleted and no link is returned.
 */
export async function installerLink(app: App, baseUrl: string): Promise<string | undefined> {
  const c = app.collections.get(superusersName);
  const installer = await findCollectionRecordBy(app.store, c, 'email', installerEmail);
  const row = await app.store.get(app.store.dialect.finalize(`SELECT COUNT(*) AS n FROM ${app.store.dialect.quote(c.name)}`), []);
  const others = Number((row as { n?: number } | undefined)?.n ?? 0) - (installer ? 1 : 0);
  if (others > 0) {
    if (installer) await app.records.delete(c, installer);
    return undefined;
  }
  let record = installer;
  if (!record) {
    const password = randomBytes(24).toString('base64url');
    await app.records.create(c, { email: installerEmail, password, passwordConfirm: password }, { superuser: true });
    record = await findCollectionRecordBy(app.store, c, 'email', installerEmail);
  }
  const token = await signToken(c, { id: String(record!.id), tokenKey: String(record!.tokenKey) }, 'auth', { refreshable: false }, installerTokenSeconds);
  return `${baseUrl.replace(/\/+$/, '')}/_/#/pbinstall/${token}`;
}

export const installerBanner = (link: string) =>
  `\n(!) No superuser yet. Open this one-time link (valid 30 minutes) to create one:\n    ${link}\n\n`;
