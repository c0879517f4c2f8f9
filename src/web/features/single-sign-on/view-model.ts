import type { FieldError } from '../../../domain/errors.js'
import type {
  CompleteSignInResult,
  SingleSignOnFailure,
  SingleSignOnSettingsView,
} from '../../../services/single-sign-on-service.js'
import { errorViewModel } from '../../form-errors.js'
import type { SingleSignOnForm } from './validation.js'

export const SINGLE_SIGN_ON_SETTINGS_PATH = '/manage/settings/single-sign-on'
export const SINGLE_SIGN_ON_START_PATH = '/sign-in/single-sign-on'
export const SINGLE_SIGN_ON_CALLBACK_PATH = '/sign-in/single-sign-on/callback'

function enabledText(enabled: boolean | null): string {
  return enabled === true ? 'yes' : enabled === false ? 'no' : ''
}

function secretHint(settings: SingleSignOnSettingsView): string {
  if (settings.hasUsableSecret) {
    return 'A secret is saved and is never shown. Leave blank to keep the current secret.'
  }
  if (settings.secretUnreadable) {
    return 'The saved secret can no longer be read because DATA_ENCRYPTION_KEY has changed. Enter the secret again.'
  }
  return 'Your identity provider issues it with the client ID.'
}

export function singleSignOnSettingsViewModel(input: {
  settings: SingleSignOnSettingsView
  redirectUri: string
  /** What the administrator typed, when the form comes back with errors. */
  form?: SingleSignOnForm
  errors?: readonly FieldError[]
  saved?: boolean
}) {
  const { settings, form } = input
  return {
    pageTitle: 'Single sign-on',
    action: SINGLE_SIGN_ON_SETTINGS_PATH,
    redirectUri: input.redirectUri,
    notice: input.saved ? 'Single sign-on settings saved' : null,
    secretUnreadable: settings.secretUnreadable,
    secretHint: secretHint(settings),
    version: form?.version ?? settings.version,
    // The secret is write-only: it is never put back into the page, typed or stored.
    values: {
      displayName: form?.displayName ?? settings.displayName,
      issuerUrl: form?.issuerUrl ?? settings.issuerUrl,
      clientId: form?.clientId ?? settings.clientId,
      enabled: enabledText(form ? form.enabled : settings.version === 0 ? null : settings.enabled),
    },
    ...errorViewModel(input.errors ?? []),
  }
}

interface ProblemPage {
  status: number
  pageTitle: string
  paragraphs: string[]
}

const TRY_AGAIN =
  'Go back to the sign-in page to try again, or sign in with your email address and password.'
const ASK_ADMINISTRATOR = 'Ask your partnership’s administrator to create one.'

const PROBLEMS: Record<SingleSignOnFailure, (email: string) => ProblemPage> = {
  'no-account': (email) => ({
    status: 403,
    pageTitle: 'There is no account for this email address',
    paragraphs: [`There is no account for ${email} in this service. ${ASK_ADMINISTRATOR}`],
  }),
  'account-disabled': (email) => ({
    status: 403,
    pageTitle: 'Your account is not active',
    paragraphs: [
      `The account for ${email} in this service has been turned off.`,
      'Ask your partnership’s administrator if you should still have access.',
    ],
  }),
  'email-unverified': () => ({
    status: 403,
    pageTitle: 'Your email address has not been confirmed',
    paragraphs: [
      'Your identity provider says it has not confirmed your email address, so it cannot be used to sign in here.',
      'Ask your organisation’s IT team to confirm it, or sign in with your email address and password.',
    ],
  }),
  'no-email': () => ({
    status: 403,
    pageTitle: 'Your identity provider did not share your email address',
    paragraphs: [
      'This service finds your account by your email address, and your identity provider did not send one.',
      'Ask your partnership’s administrator to check the single sign-on settings.',
    ],
  }),
  'provider-error': () => ({
    status: 401,
    pageTitle: 'You have not been signed in',
    paragraphs: [
      'Your identity provider did not sign you in: the sign-in was cancelled or refused. Nothing has been changed.',
      TRY_AGAIN,
    ],
  }),
  'no-pending-sign-in': () => SIGN_IN_NOT_STARTED_HERE,
  'state-mismatch': () => SIGN_IN_NOT_STARTED_HERE,
  expired: () => ({
    status: 400,
    pageTitle: 'Your sign-in took too long',
    paragraphs: ['For your security, a sign-in must be finished within 10 minutes.', TRY_AGAIN],
  }),
  'settings-changed': () => SIGN_IN_NOT_STARTED_HERE,
  'not-enabled': () => ({
    status: 404,
    pageTitle: 'Single sign-on is turned off',
    paragraphs: ['Sign in with your email address and password.'],
  }),
  'provider-unavailable': () => PROVIDER_UNAVAILABLE,
  'exchange-failed': () => PROVIDER_UNAVAILABLE,
}

const SIGN_IN_NOT_STARTED_HERE: ProblemPage = {
  status: 400,
  pageTitle: 'Your sign-in could not be finished',
  paragraphs: [
    'This sign-in was not started from this browser, was already used, or does not match the one you started. You have not been signed in.',
    TRY_AGAIN,
  ],
}

const PROVIDER_UNAVAILABLE: ProblemPage = {
  status: 502,
  pageTitle: 'Single sign-on is not working at the moment',
  paragraphs: [
    'This service could not complete the sign-in with your identity provider. You have not been signed in.',
    TRY_AGAIN,
  ],
}

export function signInProblemViewModel(
  result: Extract<CompleteSignInResult, { ok: false }> | { reason: 'provider-unavailable' },
) {
  const page = PROBLEMS[result.reason]('email' in result ? (result.email ?? '') : '')
  return { ...page, link: { href: '/sign-in', text: 'Go back to sign in' } }
}
