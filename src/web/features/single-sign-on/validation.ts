// Reading the single sign-on settings form without trusting its shape. The rules
// for the values live in src/domain/single-sign-on/settings.ts, where the
// service checks them again before anything is stored.
import type { FieldError } from '../../../domain/errors.js'
import {
  CLIENT_SECRET_MAX_LENGTH,
  validateSingleSignOnSettings,
  type SingleSignOnSettingsInput,
} from '../../../domain/single-sign-on/settings.js'

export interface SingleSignOnForm extends SingleSignOnSettingsInput {
  /** Null when missing or not a whole number: the form was tampered with or incomplete. */
  readonly version: number | null
}

// Longer than any real value (so the rules, not this, report an overlong one),
// short enough that a pasted essay is not echoed back.
const MAX_ECHOED_LENGTH = 1000

function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

function text(fields: Record<string, unknown>, name: string, maxLength = MAX_ECHOED_LENGTH) {
  const value = fields[name]
  return typeof value === 'string' ? value.trim().slice(0, maxLength + 1) : ''
}

export function readSingleSignOnForm(body: unknown): SingleSignOnForm {
  const fields = fieldsOf(body)
  const enabled = fields.enabled
  const version = text(fields, 'version')
  const secret = fields.clientSecret
  return {
    displayName: text(fields, 'displayName'),
    issuerUrl: text(fields, 'issuerUrl'),
    clientId: text(fields, 'clientId'),
    // Not trimmed: a secret is used exactly as the provider issued it.
    clientSecret: typeof secret === 'string' ? secret.slice(0, CLIENT_SECRET_MAX_LENGTH + 1) : '',
    enabled: enabled === 'yes' ? true : enabled === 'no' ? false : null,
    version: /^\d{1,9}$/.test(version) ? Number(version) : null,
  }
}

/** The form's own checks, before the service is asked (it checks the same again). */
export function checkSingleSignOnForm(
  form: SingleSignOnForm,
  options: { hasUsableSecret: boolean },
): FieldError[] {
  return validateSingleSignOnSettings(form, options)
}
