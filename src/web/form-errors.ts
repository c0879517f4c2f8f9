import type { FieldError } from '../domain/errors.js'

/**
 * The GOV.UK error summary and the inline messages, from one list of errors:
 * each summary entry links to its field, and each field shows its first message.
 */
export function errorViewModel(errors: readonly FieldError[]) {
  const byField: Record<string, string> = {}
  for (const error of errors) byField[error.field] ??= error.message
  return {
    errors: byField,
    errorSummary: errors.map((error) => ({ text: error.message, href: `#${error.field}` })),
  }
}
