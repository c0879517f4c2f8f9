// The "changed by someone else" page (issue 4, concurrent edits). A route saves
// a versioned form through `saveOrConflict`; when the service refuses the save
// as stale, the error handler shows what this person tried to save (read from
// their form, below) beside the version saved now (read by the service), with a
// link to reload the form. Nothing was saved, so nothing is lost or overwritten.
import { StaleVersionError, type SavedVersion } from '../domain/errors.js'
import { labelledValues, type ConflictField, type FieldValue } from '../services/edit-conflicts.js'

export interface EditForm {
  /** The form's fields, in order; a function when the labels need a look-up. */
  readonly fields: readonly ConflictField[] | (() => Promise<readonly ConflictField[]>)
  /** The page that shows the form with the saved version. */
  readonly reloadHref: string
}

/** A stale save, with what the person tried to save. */
export class EditConflict extends Error {
  override name = 'EditConflict'
  constructor(
    readonly stale: StaleVersionError,
    readonly yourChanges: SavedVersion,
    readonly reloadHref: string,
  ) {
    super(stale.message)
  }
}

/** Runs a save; a StaleVersionError becomes an EditConflict carrying the posted values. */
export async function saveOrConflict<T>(
  body: unknown,
  form: EditForm,
  save: () => Promise<T>,
): Promise<T> {
  try {
    return await save()
  } catch (error) {
    if (!(error instanceof StaleVersionError)) throw error
    const fields = typeof form.fields === 'function' ? await form.fields() : form.fields
    throw new EditConflict(
      error,
      labelledValues(fields, submittedValues(body, fields)),
      form.reloadHref,
    )
  }
}

/**
 * The posted values in the form's own terms: a GOV.UK date input's three parts
 * as YYYY-MM-DD when they make one, otherwise as typed; checkboxes as a list.
 * Anything that is not text (a hostile body) is left out, not guessed at.
 */
export function submittedValues(
  body: unknown,
  fields: readonly ConflictField[],
): Record<string, FieldValue> {
  const posted = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const texts = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value.filter((item): item is string => typeof item === 'string')
        : []
  const values: Record<string, FieldValue> = {}
  for (const field of fields) {
    if (field.kind === 'date') {
      const [day = '', month = '', year = ''] = ['day', 'month', 'year'].map(
        (part) => texts(posted[`${field.name}-${part}`])[0]?.trim() ?? '',
      )
      if (day === '' && month === '' && year === '') values[field.name] = ''
      else if (/^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year)) {
        values[field.name] = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
      } else values[field.name] = `${day} ${month} ${year}`.trim()
    } else {
      values[field.name] = texts(posted[field.name])
    }
  }
  return values
}

export interface SummaryRow {
  readonly key: { readonly text: string }
  readonly value: { readonly html: string }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escaped text with its line breaks kept, for a summary list value. */
function multilineHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
    .replace(/\r?\n/g, '<br>')
}

function rows(values: SavedVersion | undefined): SummaryRow[] {
  return Object.entries(values ?? {}).map(([label, value]) => ({
    key: { text: label },
    value: { html: multilineHtml(value) },
  }))
}

/** The conflict page's model, for a StaleVersionError with or without the posted values. */
export function conflictViewModel(error: EditConflict | StaleVersionError) {
  const stale = error instanceof EditConflict ? error.stale : error
  const reloadHref = error instanceof EditConflict ? error.reloadHref : null
  return {
    status: 409,
    pageTitle: 'This record was changed by someone else',
    paragraphs: [stale.message],
    yourChanges: error instanceof EditConflict ? rows(error.yourChanges) : [],
    savedNow: rows(stale.current),
    link: reloadHref
      ? { href: reloadHref, text: 'Reload the form with the saved version' }
      : { href: '/manage', text: 'Go back to manage' },
  }
}
