// The rules for the single sign-on (OpenID Connect) settings, shared by the
// settings form, the service that stores them and the client that uses them.
import type { FieldError } from '../errors.js'

export const DISPLAY_NAME_MAX_LENGTH = 60
export const ISSUER_URL_MAX_LENGTH = 500
export const CLIENT_ID_MAX_LENGTH = 255
export const CLIENT_SECRET_MAX_LENGTH = 1000

export interface SingleSignOnSettingsInput {
  readonly displayName: string
  readonly issuerUrl: string
  readonly clientId: string
  /** Blank keeps the stored secret. */
  readonly clientSecret: string
  /** Null when the form did not say. */
  readonly enabled: boolean | null
}

// Loopback only: a developer's or a test's own identity provider. Anything that
// crosses a network must use TLS, or the client secret and the codes travel in clear.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** `hostname` as `URL` gives it ('[::1]' keeps its brackets). */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase())
}

/** May this issuer be reached over plain HTTP? Only on this machine. */
export function allowsPlainHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname)
}

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/

/** Why this text cannot be an issuer identifier, or null if it can. */
export function issuerUrlProblem(text: string): string | null {
  if (text === '') return 'Enter the issuer URL'
  if (text.length > ISSUER_URL_MAX_LENGTH) {
    return `Issuer URL must be ${ISSUER_URL_MAX_LENGTH} characters or fewer`
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'Enter the issuer URL in the correct format, like https://login.example.org'
  }
  if (url.protocol !== 'https:' && !allowsPlainHttp(url)) {
    return 'Issuer URL must start with https:// (http:// is allowed only for 127.0.0.1, localhost and [::1])'
  }
  // OpenID Connect Discovery: an issuer identifier has no query, fragment or credentials.
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    return 'Issuer URL must not have a query (?) or a fragment (#)'
  }
  if (url.username !== '' || url.password !== '') {
    return 'Issuer URL must not contain a user name or password'
  }
  return null
}

function textProblem(
  value: string,
  names: { missing: string; label: string },
  maxLength: number,
): string | null {
  if (value === '') return names.missing
  if (value.length > maxLength) return `${names.label} must be ${maxLength} characters or fewer`
  if (CONTROL_CHARACTERS.test(value)) {
    return `${names.label} must not contain control characters such as line breaks or tabs`
  }
  return null
}

/**
 * Checks the settings as an administrator entered them. A secret is needed when
 * none is stored (or the stored one can no longer be read).
 */
export function validateSingleSignOnSettings(
  input: SingleSignOnSettingsInput,
  options: { hasUsableSecret: boolean },
): FieldError[] {
  const problems: [string, string | null][] = [
    [
      'displayName',
      textProblem(
        input.displayName,
        { missing: 'Enter the name shown on the sign-in button', label: 'Name' },
        DISPLAY_NAME_MAX_LENGTH,
      ),
    ],
    ['issuerUrl', issuerUrlProblem(input.issuerUrl)],
    [
      'clientId',
      textProblem(
        input.clientId,
        { missing: 'Enter the client ID', label: 'Client ID' },
        CLIENT_ID_MAX_LENGTH,
      ),
    ],
    [
      'clientSecret',
      input.clientSecret === '' && options.hasUsableSecret
        ? null
        : textProblem(
            input.clientSecret,
            { missing: 'Enter the client secret', label: 'Client secret' },
            CLIENT_SECRET_MAX_LENGTH,
          ),
    ],
    [
      'enabled',
      input.enabled === null ? 'Select yes if staff can sign in with single sign-on' : null,
    ],
  ]
  return problems.flatMap(([field, message]) => (message === null ? [] : [{ field, message }]))
}

/** The claims that identify a person, as the identity provider sent them. */
export interface IdentityClaims {
  readonly subject: string
  readonly email: unknown
  readonly emailVerified: unknown
}

export type VerifiedEmail =
  { ok: true; email: string } | { ok: false; reason: 'no-email' | 'unverified' }

/**
 * The email address to match an account by. A provider that says outright that
 * it has not verified the address is not trusted with it (some send the flag as text).
 */
export function verifiedEmailOf(claims: IdentityClaims): VerifiedEmail {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : ''
  if (email === '' || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    return { ok: false, reason: 'no-email' }
  }
  if (claims.emailVerified === false || claims.emailVerified === 'false') {
    return { ok: false, reason: 'unverified' }
  }
  return { ok: true, email }
}
