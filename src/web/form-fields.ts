// Reading posted GOV.UK forms, shared by every feature. The body is untrusted:
// anything that is not a single string reads as a wrong type or as missing,
// which the domain rules turn into a clear message.
import type { FastifyReply } from 'fastify'
import { ValidationError, type FieldError } from '../domain/errors.js'
import { errorViewModel } from './form-errors.js'
import { formVersion } from './form-version.js'

export type FormBody = Record<string, unknown>

export function formBody(body: unknown): FormBody {
  return typeof body === 'object' && body !== null ? (body as FormBody) : {}
}

/**
 * A GOV.UK date input (name-day, name-month, name-year) as `YYYY-MM-DD` text
 * for the domain to check. All empty gives ''; anything that is not digits, or
 * a year that is not four digits, gives text that is not a date, so the domain
 * answers "must be a real date" and never guesses.
 */
export function dateField(body: FormBody, name: string): string {
  const parts = ['day', 'month', 'year'].map((part) => body[`${name}-${part}`] ?? '')
  if (parts.some((part) => typeof part !== 'string')) return 'not-a-date'
  const [day = '', month = '', year = ''] = (parts as string[]).map((part) => part.trim())
  if (day === '' && month === '' && year === '') return ''
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return 'not-a-date'
  }
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** The three date input values for a stored date, to fill a form. */
export function dateParts(name: string, date: string | null): Record<string, string> {
  if (date === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' }
  }
  return {
    [`${name}-day`]: String(Number(date.slice(8, 10))),
    [`${name}-month`]: String(Number(date.slice(5, 7))),
    [`${name}-year`]: date.slice(0, 4),
  }
}

/** What the person typed, to show back after an error (never the CSRF token). */
export function echo(body: FormBody): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(body)) {
    if (key !== '_csrf' && typeof value === 'string') values[key] = value
  }
  return values
}

/** The hidden version field; a missing or mangled one means a stale or tampered form. */
export function versionOf(body: FormBody): number | null {
  return formVersion(body.version)
}

/**
 * The error summary and inline messages; a date field's summary link goes to
 * its day input, which is where GOV.UK puts the focus.
 */
export function pageErrors(errors: readonly FieldError[], dateFields: readonly string[] = []) {
  const model = errorViewModel(errors)
  return {
    ...model,
    errorSummary: errors.map((error) => ({
      text: error.message,
      href: dateFields.includes(error.field) ? `#${error.field}-day` : `#${error.field}`,
    })),
  }
}

/** A single text field; a repeated field (array) or anything else is treated as not given. */
export function text(body: FormBody, name: string): string | null {
  const value = body[name]
  if (value === undefined) return ''
  return typeof value === 'string' ? value : null
}

/** Said when the hidden version field is missing or mangled: a stale or tampered form. */
export const INCOMPLETE_FORM: FieldError = {
  field: 'version',
  message: 'The form was incomplete. Reload the page and try again.',
}

/** The form's version, or the "incomplete form" error. */
export function requireVersion(body: FormBody): number {
  const version = versionOf(body)
  if (version === null) throw new ValidationError([INCOMPLETE_FORM])
  return version
}

/**
 * Runs a change from a posted form: success redirects (303, post/redirect/get);
 * a ValidationError renders the form again with its errors and status 400.
 */
export async function submit<T>(
  reply: FastifyReply,
  change: () => Promise<T>,
  redirectTo: string | ((result: T) => string),
  rerender: (errors: readonly FieldError[]) => Promise<{ template: string; model: object }>,
): Promise<FastifyReply> {
  let result: T
  try {
    result = await change()
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    const { template, model } = await rerender(error.errors)
    return reply.status(400).view(template, model)
  }
  return reply.redirect(typeof redirectTo === 'string' ? redirectTo : redirectTo(result), 303)
}
