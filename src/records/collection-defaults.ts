import { defaultFieldId, randomString } from '../lib/ids.js';
import type { AuthOptions, Collection, CollectionType, EmailTemplate, Field } from './model.js';

const common = { system: true, hidden: false, presentable: false, help: '' };

export function idField(): Field {
  return {
    ...common, id: defaultFieldId('text', 'id'), name: 'id', type: 'text',
    primaryKey: true, required: true, min: 15, max: 15, pattern: '^[a-z0-9]+$', autogeneratePattern: '[a-z0-9]{15}',
  };
}

/** The system fields every auth collection carries, in PocketBase's order. */
export function authSystemFields(): Field[] {
  return [
    { ...common, hidden: true, id: defaultFieldId('password', 'password'), name: 'password', type: 'password', cost: 0, max: 0, min: 8, pattern: '', required: true },
    { ...common, hidden: true, id: defaultFieldId('text', 'tokenKey'), name: 'tokenKey', type: 'text', autogeneratePattern: '[a-zA-Z0-9]{50}', max: 60, min: 30, pattern: '', primaryKey: false, required: true },
    { ...common, id: defaultFieldId('email', 'email'), name: 'email', type: 'email', exceptDomains: [], onlyDomains: [], required: true },
    { ...common, id: defaultFieldId('bool', 'emailVisibility'), name: 'emailVisibility', type: 'bool', required: false },
    { ...common, id: defaultFieldId('bool', 'verified'), name: 'verified', type: 'bool', required: false },
  ];
}

export function autodateFields(): Field[] {
  return [
    { system: false, hidden: false, presentable: false, id: defaultFieldId('autodate', 'created'), name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
    { system: false, hidden: false, presentable: false, id: defaultFieldId('autodate', 'updated'), name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
  ];
}

/** Auth collections' unique indexes; the suffix keeps index names unique across collections. */
export function authIndexes(suffix: string, table: string): string[] {
  return [
    `CREATE UNIQUE INDEX \`idx_tokenKey_${suffix}\` ON \`${table}\` (\`tokenKey\`)`,
    `CREATE UNIQUE INDEX \`idx_email_${suffix}\` ON \`${table}\` (\`email\`) WHERE \`email\` != ''`,
  ];
}

const action = (label: string, path: string) =>
  `<p>\n  <a class="btn" href="{APP_URL}/_/#/auth/${path}/{TOKEN}" target="_blank" rel="noopener">${label}</a>\n</p>`;
const signature = '<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>';
const mail = (subject: string, ...lines: string[]): EmailTemplate => ({ subject, body: [...lines, signature].join('\n') });

const secret = () => randomString(50);

export function defaultAuthOptions(): AuthOptions {
  return {
    authRule: '',
    manageRule: null,
    authAlert: {
      enabled: true,
      emailTemplate: mail('Login from a new location', '<p>Hello,</p>', '<p>Someone signed in to your {APP_NAME} account from a new location:</p>', '<p><em>{ALERT_INFO}</em></p>', '<p><strong>If this was not you, change your {APP_NAME} password now: that signs out every other session.</strong></p>'),
    },
    oauth2: { providers: [], mappedFields: { id: '', name: '', username: '', avatarURL: '' }, enabled: false },
    passwordAuth: { enabled: true, identityFields: ['email'] },
    mfa: { enabled: false, duration: 600, rule: '' },
    otp: {
      enabled: false, duration: 180, length: 8,
      emailTemplate: mail('OTP for {APP_NAME}', '<p>Hello,</p>', '<p>Your one-time password: <strong>{OTP}</strong></p>', '<p><i>You can ignore this email if you did not ask for it.</i></p>'),
    },
    authToken: { duration: 432000, secret: secret() },
    passwordResetToken: { duration: 1800, secret: secret() },
    emailChangeToken: { duration: 1800, secret: secret() },
    verificationToken: { duration: 86400, secret: secret() },
    fileToken: { duration: 180, secret: secret() },
    verificationTemplate: mail('Verify your {APP_NAME} email', '<p>Hello,</p>', '<p>Welcome to {APP_NAME}. Confirm your email address with the button below.</p>', action('Verify', 'confirm-verification')),
    resetPasswordTemplate: mail('Reset your {APP_NAME} password', '<p>Hello,</p>', '<p>Choose a new password with the button below.</p>', action('Reset password', 'confirm-password-reset'), '<p><i>You can ignore this email if you did not ask for it.</i></p>'),
    confirmEmailChangeTemplate: mail('Confirm your {APP_NAME} new email address', '<p>Hello,</p>', '<p>Confirm your new email address with the button below.</p>', action('Confirm new email', 'confirm-email-change'), '<p><i>You can ignore this email if you did not ask for it.</i></p>'),
  };
}

/** A blank collection of a type, as `/api/collections/meta/scaffolds` returns it. */
export function scaffold(type: CollectionType): Collection {
  const base: Collection = {
    id: '', listRule: null, viewRule: null, createRule: null, updateRule: null, deleteRule: null,
    name: '', type, fields: type === 'view' ? [] : [idField()], indexes: [], created: '', updated: '', system: false,
  };
  if (type === 'view') return { ...base, viewQuery: '' };
  if (type === 'auth') {
    const suffix = randomString(10, 'abcdefghijklmnopqrstuvwxyz0123456789');
    return { ...base, fields: [idField(), ...authSystemFields()], indexes: authIndexes(suffix, ''), ...defaultAuthOptions() };
  }
  return base;
}
