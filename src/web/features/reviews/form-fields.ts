// Reading posted review forms. The body is untrusted: anything that is not a
// single string reads as missing or as a wrong type, which the domain rules
// turn into a clear message. The helpers every form needs are shared in
// src/web/form-fields.ts; what is here is particular to reviews.
import type { FieldError } from '../../../domain/errors.js'

import type { FormBody } from '../../form-fields.js'

export {
  dateField,
  dateParts,
  echo,
  formBody,
  pageErrors,
  versionOf,
  type FormBody,
} from '../../form-fields.js'

/** A single text field; a repeated field (array) or anything else is treated as not given. */
export function text(body: FormBody, name: string): string | null {
  const value = body[name]
  if (value === undefined) return ''
  return typeof value === 'string' ? value : null
}

/** Checkboxes: none, one (a string) or several (an array of strings). */
export function list(body: FormBody | Record<string, unknown>, name: string): string[] {
  const value = body[name]
  if (typeof value === 'string') return value === '' ? [] : [value]
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  return []
}

export const INCOMPLETE_FORM: FieldError = {
  field: 'version',
  message: 'The form was incomplete. Reload the page and try again.',
}
