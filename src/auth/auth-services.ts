import { AuthAlertService } from './auth-alert.js';
import type { AuthDeps } from './auth-deps.js';
import { bindAuthRecordHooks, deleteExpiredAuthRows } from './auth-record-hooks.js';
import { EmailChangeService } from './email-change.js';
import { ImpersonateService } from './impersonate.js';
import { MfaService } from './mfa.js';
import { OAuth2Service } from './oauth2.js';
import { OtpService } from './otp.js';
import { PasswordResetService } from './password-reset.js';
import { sendTestEmail } from './test-email.js';
import { VerificationService } from './verification.js';

/** The auth flows beyond password sign-in, each a plain service over the store and the mailer. */
export interface AuthServices {
  verification: VerificationService;
  passwordReset: PasswordResetService;
  emailChange: EmailChangeService;
  otp: OtpService;
  mfa: MfaService;
  oauth2: OAuth2Service;
  impersonate: ImpersonateService;
  alerts: AuthAlertService;
  /** Sends one template to an address for a made-up record (`POST /api/settings/test/email`). */
  testEmail(body: Record<string, unknown>): Promise<void>;
}

/**
 * Builds the services, binds the side-table upkeep to the record write path and schedules the
 * hourly cleanup (named as PocketBase names its jobs).
 */
export function createAuthServices(d: AuthDeps): AuthServices {
  bindAuthRecordHooks(d);
  d.cron?.add('__pbOTPCleanup__', '0 * * * *', () => deleteExpiredAuthRows(d, 'otp'));
  d.cron?.add('__pbMFACleanup__', '0 * * * *', () => deleteExpiredAuthRows(d, 'mfa'));
  return {
    verification: new VerificationService(d),
    passwordReset: new PasswordResetService(d),
    emailChange: new EmailChangeService(d),
    otp: new OtpService(d),
    mfa: new MfaService(d),
    oauth2: new OAuth2Service(d),
    impersonate: new ImpersonateService(d),
    alerts: new AuthAlertService(d),
    testEmail: (body) => sendTestEmail(d, body),
  };
}
