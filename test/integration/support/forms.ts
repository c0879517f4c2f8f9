// Reads the forms on a page the way a browser would, so tests can post a form
// exactly as the page had it with one field changed. Plain regular expressions
// over the app's own (GOV.UK Frontend) markup: enough for well-formed pages.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Browser } from './app-harness.js'
import { decodeHtml } from './html.js'

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'select'
  | 'radio'
  | 'checkbox'
  | 'hidden'
  | 'file'
  | 'password'
  | 'email'
  | 'number'
  | 'other'

export interface FormControl {
  readonly name: string
  readonly kind: FieldKind
  /** The control's value attribute (a textarea's text; a select's selected or first option). */
  readonly value: string
  /** For radios and checkboxes. */
  readonly checked: boolean
  /** A select's option values. */
  readonly options: readonly string[]
}

export interface PageForm {
  readonly action: string
  readonly method: string
  readonly enctype: string
  readonly controls: readonly FormControl[]
}

function attributes(tag: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const match of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?/g)) {
    const name = match[1]?.toLowerCase()
    if (name) result[name] = decodeHtml(match[2] ?? '')
  }
  return result
}

const INPUT_KINDS: Record<string, FieldKind> = {
  text: 'text',
  hidden: 'hidden',
  radio: 'radio',
  checkbox: 'checkbox',
  file: 'file',
  password: 'password',
  email: 'email',
  number: 'number',
  tel: 'text',
  search: 'text',
  url: 'text',
}

/** Every <form> on the page, with its controls in document order. */
export function formsIn(html: string, pageUrl: string): PageForm[] {
  const forms: PageForm[] = []
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = attributes(match[1] ?? '')
    const body = match[2] ?? ''
    const controls: FormControl[] = []
    const tags = /<(input|textarea|select)\b([^>]*)>([\s\S]*?<\/\1>)?/gi
    for (const control of body.matchAll(tags)) {
      const tag = (control[1] ?? '').toLowerCase()
      const controlAttrs = attributes(control[2] ?? '')
      const name = controlAttrs.name
      if (!name || 'disabled' in controlAttrs) continue
      if (tag === 'input') {
        const type = (controlAttrs.type ?? 'text').toLowerCase()
        if (type === 'submit' || type === 'button' || type === 'reset') continue
        controls.push({
          name,
          kind: INPUT_KINDS[type] ?? 'other',
          value: controlAttrs.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''),
          checked: 'checked' in controlAttrs,
          options: [],
        })
      } else if (tag === 'textarea') {
        const inner = /^([\s\S]*?)<\/textarea>/i.exec(control[3] ?? '')?.[1] ?? ''
        // The HTML parser drops one newline straight after <textarea>.
        controls.push({
          name,
          kind: 'textarea',
          value: decodeHtml(inner.replace(/^\r?\n/, '')),
          checked: false,
          options: [],
        })
      } else {
        const inner = control[3] ?? ''
        const options = [...inner.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)].map(
          (option) => {
            const optionAttrs = attributes(option[1] ?? '')
            return {
              value: optionAttrs.value ?? decodeHtml((option[2] ?? '').trim()),
              selected: 'selected' in optionAttrs,
            }
          },
        )
        const selected = options.find((option) => option.selected) ?? options[0]
        controls.push({
          name,
          kind: 'select',
          value: selected?.value ?? '',
          checked: false,
          options: options.map((option) => option.value),
        })
      }
    }
    forms.push({
      action: new URL(attrs.action || pageUrl, 'http://app.test').pathname,
      method: (attrs.method ?? 'get').toLowerCase(),
      enctype: (attrs.enctype ?? 'application/x-www-form-urlencoded').toLowerCase(),
      controls,
    })
  }
  return forms
}

/** What the browser would send for the form untouched: [name, value] pairs in order. */
export function entriesOf(form: PageForm): [string, string][] {
  const entries: [string, string][] = []
  for (const control of form.controls) {
    if (control.kind === 'file') continue
    if ((control.kind === 'radio' || control.kind === 'checkbox') && !control.checked) continue
    entries.push([control.name, control.value])
  }
  return entries
}

/** The entries with one field's values replaced (or added when the form had none checked). */
export function withField(
  entries: readonly [string, string][],
  name: string,
  value: string,
): [string, string][] {
  const others = entries.filter(([entryName]) => entryName !== name)
  return [...others, [name, value]]
}

/** The signed-in browser's cookies as a header, for requests the Browser helper cannot make. */
export function cookieHeader(browser: Browser): string {
  const session = browser.cookieNamed('session')
  return session ? `session=${session}` : ''
}

/** Posts form entries (repeated names allowed) as the signed-in browser. */
export function postEntries(
  app: FastifyInstance,
  browser: Browser,
  url: string,
  entries: readonly [string, string][],
): Promise<LightMyRequestResponse> {
  const payload = new URLSearchParams()
  for (const [name, value] of entries) payload.append(name, value)
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: cookieHeader(browser),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: payload.toString(),
  })
}

/** The two summary lists of the conflict page: label → value text. */
export function conflictListsOf(html: string): {
  yours: Record<string, string>
  saved: Record<string, string>
} {
  const list = (which: string): Record<string, string> => {
    const block = new RegExp(
      `<dl class="govuk-summary-list"[^>]*data-conflict="${which}"[^>]*>([\\s\\S]*?)</dl>`,
    ).exec(html)?.[1]
    const result: Record<string, string> = {}
    for (const row of (block ?? '').matchAll(
      /<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g,
    )) {
      const text = (fragment: string) =>
        decodeHtml(fragment.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, ''))
          .replace(/[ \t]+/g, ' ')
          .trim()
      result[text(row[1] ?? '')] = text(row[2] ?? '')
    }
    return result
  }
  return { yours: list('yours'), saved: list('saved') }
}
