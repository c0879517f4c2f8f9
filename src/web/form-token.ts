// One-time form tokens for create forms (issue 8), so a form submitted twice
// (the Back button, a resubmission, a second tab) records once. A create form
// puts `formTokenField()` in a hidden field; its POST route reads it with
// `formTokenOf(body)` and hands it to the service, which spends it in the same
// transaction as the record it creates (form_submission table) and, when it was
// spent before, answers with that record instead of recording again. A form
// re-shown after an error keeps its token (it was not spent), so the person's
// eventual single submission still counts once.
//
// Use on another create form: `{ formToken: newFormToken() }` in the GET's view
// model and `<input type="hidden" name="_formToken" value="{{ formToken }}">`
// (or the `formTokenInput` macro in views/partials/form-token.njk); in the POST,
// `formTokenOf(body)`, and re-render with `formTokenOf(body) ?? newFormToken()`.
import { randomBytes } from 'node:crypto'
import type { FormBody } from './form-fields.js'

export const FORM_TOKEN_FIELD = '_formToken'

/** A fresh token for a form about to be shown: 128 random bits, URL-safe. */
export function newFormToken(): string {
  return randomBytes(16).toString('base64url')
}

/** The posted token when it looks like one of ours; null otherwise (a scripted post, say). */
export function formTokenOf(body: FormBody): string | null {
  const value = body[FORM_TOKEN_FIELD]
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value) ? value : null
}
