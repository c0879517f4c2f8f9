import QRCode from 'qrcode'
import { ROLE_NAMES } from '../../../domain/access/roles.js'
import type { FieldError } from '../../../domain/errors.js'
import type {
  AccountOverview,
  AdministeredAccount,
  AdministeredPartnership,
  TwoFactorEnrolment,
  TwoFactorSettingView,
  TwoFactorStatus,
} from '../../../services/account-security-service.js'
import { errorViewModel } from '../../form-errors.js'
import { formatDate } from '../../plugins/views.js'
import type { TwoFactorSettingForm } from './validation.js'

export const ACCOUNT_PATH = '/manage/account'
export const TWO_FACTOR_PATH = '/manage/account/two-factor'
export const PASSWORD_PATH = '/manage/account/password'
export const SIGN_OUT_OTHER_SESSIONS_PATH = '/manage/account/sign-out-other-sessions'
/** Issue 10: each reminder by email, or the weekly digest only. */
export const EMAIL_REMINDERS_PATH = '/manage/account/email-reminders'
export const USERS_PATH = '/manage/users'
export const TWO_FACTOR_SETTING_PATH = '/manage/settings/two-factor'

export function resetTwoFactorPath(userId: string): string {
  return `${USERS_PATH}/${userId}/reset-two-factor`
}

/** The `?done=` a redirect back to the account page leaves, as a banner. */
export function accountNotice(query: unknown): string | null {
  const values = (query ?? {}) as Record<string, unknown>
  switch (values.done) {
    case 'password':
      return 'Your password has been changed. Any other sessions have been signed out.'
    case 'sessions': {
      const count = Number(values.count)
      if (!Number.isInteger(count) || count < 0) return 'Your other sessions have been signed out.'
      return count === 1
        ? '1 other session has been signed out.'
        : `${count} other sessions have been signed out.`
    }
    default:
      return null
  }
}

export function accountViewModel(
  overview: AccountOverview,
  notice: string | null,
  mail: { choice: string; version: number } = { choice: 'each', version: 0 },
  mailError: string | null = null,
) {
  return {
    pageTitle: 'Your account',
    notice,
    overview,
    mail,
    mailError,
    mailItems: [
      {
        value: 'each',
        text: 'Each reminder',
        hint: {
          text: 'Before your actions and deadlines fall due, when they are overdue, and the weekly digest',
        },
        checked: mail.choice === 'each',
      },
      {
        value: 'digest-only',
        text: 'The weekly digest only',
        hint: { text: 'One email a week listing what is overdue or due within two weeks' },
        checked: mail.choice === 'digest-only',
      },
    ],
    enrolledOn: overview.twoFactorEnrolledAt ? formatDate(overview.twoFactorEnrolledAt) : null,
    paths: {
      twoFactor: TWO_FACTOR_PATH,
      password: PASSWORD_PATH,
      signOutOtherSessions: SIGN_OUT_OTHER_SESSIONS_PATH,
      emailReminders: EMAIL_REMINDERS_PATH,
    },
  }
}

/**
 * The set-up page: the QR code as a PNG data: address (the Content Security
 * Policy allows data: images; an <img> with alt text needs no inline SVG) and
 * the key as text for anyone who cannot scan it.
 */
export async function enrolmentViewModel(input: {
  enrolment: Extract<TwoFactorEnrolment, { status: 'enrolling' }>
  required: boolean
  errors?: readonly FieldError[]
}) {
  const qrCode = await QRCode.toDataURL(input.enrolment.otpauthUri, {
    errorCorrectionLevel: 'M',
    margin: 4,
    width: 240,
  })
  return {
    pageTitle: 'Set up two-factor authentication',
    required: input.required,
    qrCode,
    secretForReading: input.enrolment.secretForReading,
    action: TWO_FACTOR_PATH,
    ...errorViewModel(input.errors ?? []),
  }
}

export function enrolledViewModel(enrolment: Extract<TwoFactorEnrolment, { status: 'enrolled' }>) {
  return {
    pageTitle: 'Two-factor authentication',
    enrolledOn: formatDate(enrolment.enrolledAt),
    recoveryCodesLeft: enrolment.recoveryCodesLeft,
  }
}

export function recoveryCodesViewModel(recoveryCodes: readonly string[]) {
  return { pageTitle: 'Save your recovery codes', recoveryCodes }
}

/** Passwords are never sent back to the browser: the form is always empty. */
export function passwordViewModel(errors: readonly FieldError[] = []) {
  return { pageTitle: 'Change your password', action: PASSWORD_PATH, ...errorViewModel(errors) }
}

const STATUS_TEXT: Record<TwoFactorStatus, { text: string; colour: string }> = {
  on: { text: 'On', colour: 'green' },
  'not-set-up': { text: 'Not set up', colour: 'grey' },
  'must-set-up': { text: 'Must set up at next sign-in', colour: 'yellow' },
}

function accountRow(account: AdministeredAccount) {
  const status = STATUS_TEXT[account.twoFactor]
  return {
    userId: account.userId,
    displayName: account.displayName,
    email: account.email,
    isActive: account.isActive,
    roles: account.roles.map((role) => ROLE_NAMES[role]).join(', '),
    agencyName: account.agencyName ?? 'None',
    agencyPath: `/manage/users/${account.userId}/agency`,
    twoFactorText: status.text,
    twoFactorClasses: `govuk-tag--${status.colour}`,
    resetPath: account.twoFactor === 'on' ? resetTwoFactorPath(account.userId) : null,
  }
}

export function usersViewModel(
  partnerships: readonly AdministeredPartnership[],
  resetName: string | null,
) {
  return {
    pageTitle: 'Users and two-factor authentication',
    notice: resetName
      ? `Two-factor authentication has been reset for ${resetName}. They must set it up again when they next sign in.`
      : null,
    partnerships: partnerships.map((partnership) => ({
      partnershipId: partnership.partnershipId,
      partnershipName: partnership.partnershipName,
      accounts: partnership.accounts.map(accountRow),
    })),
  }
}

export function resetTwoFactorViewModel(account: AdministeredAccount) {
  return {
    pageTitle: `Reset two-factor authentication for ${account.displayName}`,
    account: accountRow(account),
    action: resetTwoFactorPath(account.userId),
    backLink: USERS_PATH,
  }
}

export function twoFactorSettingViewModel(input: {
  setting: TwoFactorSettingView
  form?: TwoFactorSettingForm
  errors?: readonly FieldError[]
  saved?: boolean
}) {
  const answer = input.form ? input.form.requireForEveryone : input.setting.requireForEveryone
  return {
    pageTitle: 'Two-factor authentication',
    action: TWO_FACTOR_SETTING_PATH,
    notice: input.saved ? 'Two-factor authentication setting saved' : null,
    requiredForPrivilegedRoles: input.setting.requiredForPrivilegedRoles,
    version: input.form?.version ?? input.setting.version,
    requireForEveryone: answer === true ? 'yes' : answer === false ? 'no' : '',
    ...errorViewModel(input.errors ?? []),
  }
}
