/**
 * The record model's shapes: a collection and its fields exactly as they travel over the wire
 * (PocketBase's collection JSON), plus derived facts the rest of the code asks for.
 */

export type CollectionType = 'base' | 'auth' | 'view';

export type FieldTypeName =
  | 'text' | 'number' | 'bool' | 'email' | 'url' | 'editor' | 'date' | 'autodate'
  | 'select' | 'file' | 'relation' | 'json' | 'password' | 'geoPoint';

/** A field as stored in `_collections.fields`. Type-specific options sit beside the common keys. */
export interface Field {
  id: string;
  name: string;
  type: FieldTypeName;
  system: boolean;
  hidden: boolean;
  presentable: boolean;
  [option: string]: unknown;
}

export interface TokenConfig {
  duration: number;
  /** Never sent to clients. */
  secret: string;
}

export interface EmailTemplate {
  subject: string;
  body: string;
}

export interface AuthOptions {
  authRule: string | null;
  manageRule: string | null;
  authAlert: { enabled: boolean; emailTemplate: EmailTemplate };
  oauth2: { enabled: boolean; mappedFields: Record<string, string>; providers: Record<string, unknown>[] };
  passwordAuth: { enabled: boolean; identityFields: string[] };
  mfa: { enabled: boolean; duration: number; rule: string };
  otp: { enabled: boolean; duration: number; length: number; emailTemplate: EmailTemplate };
  authToken: TokenConfig;
  passwordResetToken: TokenConfig;
  emailChangeToken: TokenConfig;
  verificationToken: TokenConfig;
  fileToken: TokenConfig;
  verificationTemplate: EmailTemplate;
  resetPasswordTemplate: EmailTemplate;
  confirmEmailChangeTemplate: EmailTemplate;
}

export interface Collection extends Partial<AuthOptions> {
  id: string;
  name: string;
  type: CollectionType;
  system: boolean;
  fields: Field[];
  indexes: string[];
  listRule: string | null;
  viewRule: string | null;
  createRule: string | null;
  updateRule: string | null;
  deleteRule: string | null;
  viewQuery?: string;
  created: string;
  updated: string;
}

export const ruleKeys = ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule'] as const;
export const authRuleKeys = ['authRule', 'manageRule'] as const;
export type RuleKey = (typeof ruleKeys)[number] | (typeof authRuleKeys)[number];

export const tokenKinds = ['authToken', 'passwordResetToken', 'emailChangeToken', 'verificationToken', 'fileToken'] as const;
export type TokenKind = (typeof tokenKinds)[number];

export function findField(c: Collection, name: string): Field | undefined {
  return c.fields.find((f) => f.name === name);
}

/** select/relation/file fields with maxSelect > 1 hold JSON arrays. */
export function isMultiple(f: Field): boolean {
  return (f.type === 'select' || f.type === 'relation' || f.type === 'file') && Number(f.maxSelect ?? 0) > 1;
}

/** The system auth collection of the people who administer the app. */
export const superusersName = '_superusers';
