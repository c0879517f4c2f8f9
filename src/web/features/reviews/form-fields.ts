// Reading posted review forms. The body is untrusted: anything that is not a
// single string reads as missing or as a wrong type, which the domain rules
// turn into a clear message. The helpers every form needs are shared in
// src/web/form-fields.ts; what is here is particular to reviews.
import type { FormBody } from '../../form-fields.js'

export {
  dateField,
  dateParts,
  echo,
  formBody,
  INCOMPLETE_FORM,
  pageErrors,
  text,
  versionOf,
  type FormBody,
} from '../../form-fields.js'

/** Checkboxes: none, one (a string) or several (an array of strings). */
export function list(body: FormBody | Record<string, unknown>, name: string): string[] {
  const value = body[name]
  if (typeof value === 'string') return value === '' ? [] : [value]
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
  return []
}
