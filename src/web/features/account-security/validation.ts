// Reading the account security forms without trusting their shape.

export { INCOMPLETE_FORM } from '../../form-fields.js'

function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

/** Longer than any real value, short enough that a pasted essay is not kept. */
const MAX_TEXT = 1000

function text(fields: Record<string, unknown>, name: string, trim = true): string {
  const value = fields[name]
  if (typeof value !== 'string') return ''
  return (trim ? value.trim() : value).slice(0, MAX_TEXT + 1)
}

export function readEnrolmentForm(body: unknown): { code: string } {
  return { code: text(fieldsOf(body), 'code').slice(0, 101) }
}

export interface PasswordForm {
  currentPassword: string
  newPassword: string
}

/** Passwords are used exactly as typed: never trimmed. */
export function readPasswordForm(body: unknown): PasswordForm {
  const fields = fieldsOf(body)
  return {
    currentPassword: text(fields, 'currentPassword', false),
    newPassword: text(fields, 'newPassword', false),
  }
}

export interface TwoFactorSettingForm {
  requireForEveryone: boolean | null
  /** Null when missing or not a whole number: the form was tampered with or incomplete. */
  version: number | null
}

export function readTwoFactorSettingForm(body: unknown): TwoFactorSettingForm {
  const fields = fieldsOf(body)
  const answer = fields.requireForEveryone
  const version = text(fields, 'version')
  return {
    requireForEveryone: answer === 'yes' ? true : answer === 'no' ? false : null,
    version: /^\d{1,9}$/.test(version) ? Number(version) : null,
  }
}
