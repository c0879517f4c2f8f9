// Hostile input corpora (issue 4, "Hostile input"): what a careless or
// malicious sender might put in any form field, JSON field or query parameter.
// test/integration/hostile-input.test.ts sends each to every field it finds and
// asserts: never a 5xx, never unescaped output, nothing stored half-done.

export type HostileKind = 'text' | 'date' | 'number'

export interface HostileValue {
  /** Short name for failure messages. */
  readonly name: string
  /** The value as a string (for forms and query strings; JSON sends it as a string). */
  readonly value: string
  /**
   * Set when the value can only be sent already percent-encoded: bytes that
   * are not UTF-8 (a lone surrogate's encoding) have no JavaScript string.
   */
  readonly encoded?: string
  /** Which fields it is aimed at: every text field gets 'text', date parts 'date', … */
  readonly kinds: readonly HostileKind[]
}

export const SCRIPT = '<script>alert(1)</script>'
export const IMG_ONERROR = '"><img src=x onerror=alert(1)>'

const CONTROL_CHARACTERS = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join(
  '',
)

export const HOSTILE_VALUES: readonly HostileValue[] = [
  // Script and HTML injection.
  { name: 'script tag', value: SCRIPT, kinds: ['text', 'date', 'number'] },
  { name: 'img onerror', value: IMG_ONERROR, kinds: ['text', 'date', 'number'] },
  { name: 'javascript: URL', value: 'javascript:alert(1)', kinds: ['text'] },
  {
    name: 'javascript: URL, mixed case',
    value: ' JaVaScRiPt:alert(document.cookie)',
    kinds: ['text'],
  },
  { name: 'closing textarea', value: `</textarea>${SCRIPT}`, kinds: ['text'] },
  { name: 'template syntax', value: '{{ 7*7 }} {% raw %}${7*7}', kinds: ['text'] },
  // SQL meta-characters.
  { name: 'SQL drop', value: "'; drop table app_user; --", kinds: ['text', 'date', 'number'] },
  { name: 'SQL or', value: "' or '1'='1", kinds: ['text'] },
  { name: 'SQL like wildcards', value: '%_\\%', kinds: ['text'] },
  // NUL: as typed, and as the byte itself.
  { name: 'percent-00 as text', value: '%00', kinds: ['text', 'number'] },
  { name: 'NUL byte', value: 'before\u0000after', kinds: ['text', 'date', 'number'] },
  // Overlong strings (a million characters is sent once per form and per JSON
  // field: it is over the form body limit, so it tests the limit, not the field).
  { name: '10 000 characters', value: 'x'.repeat(10_000), kinds: ['text', 'date', 'number'] },
  // Control characters and odd Unicode.
  { name: 'control characters', value: `a${CONTROL_CHARACTERS}b`, kinds: ['text', 'number'] },
  { name: 'right-to-left override', value: 'Child \u202eB dlihc', kinds: ['text'] },
  { name: 'zero-width joiner', value: 'Child\u200dB\u200b\ufeff', kinds: ['text'] },
  {
    name: 'combining marks',
    value: 'Z\u0351\u0346\u0344a\u0310\u0352l\u0357g\u0350o',
    kinds: ['text'],
  },
  { name: 'emoji', value: 'Child 👩‍👩‍👧‍👦 🏳️‍🌈', kinds: ['text'] },
  {
    name: 'lone surrogate (bytes)',
    value: '\ufffd',
    encoded: '%ED%A0%80',
    kinds: ['text', 'date'],
  },
  { name: 'lone surrogate (UTF-16)', value: 'a\ud800b', kinds: ['text'] },
  { name: 'only spaces', value: '   ', kinds: ['text', 'date', 'number'] },
  // Malformed dates (whole dates for text and JSON fields, parts for date inputs).
  { name: '30 February', value: '2023-02-30', kinds: ['text', 'date'] },
  { name: 'zero date', value: '0000-00-00', kinds: ['text', 'date'] },
  { name: 'five-digit year', value: '99999-01-01', kinds: ['text', 'date'] },
  { name: 'one-digit day', value: '2023-02-3', kinds: ['text', 'date'] },
  { name: 'padded date', value: ' 2023-01-01 ', kinds: ['text', 'date'] },
  { name: 'day 32', value: '32', kinds: ['date'] },
  { name: 'year 99999', value: '99999', kinds: ['date'] },
  { name: 'year 0', value: '0', kinds: ['date'] },
  // Malformed numbers.
  { name: 'overflowing number', value: '1e309', kinds: ['text', 'date', 'number'] },
  { name: 'NaN', value: 'NaN', kinds: ['text', 'date', 'number'] },
  { name: 'negative zero', value: '-0', kinds: ['text', 'date', 'number'] },
  { name: 'hexadecimal', value: '0x10', kinds: ['text', 'date', 'number'] },
  { name: 'Arabic-Indic digits', value: '١٢٣', kinds: ['text', 'date', 'number'] },
  { name: 'huge integer', value: '99999999999999999999999', kinds: ['date', 'number'] },
  { name: 'negative', value: '-1', kinds: ['date', 'number'] },
  { name: 'fraction', value: '1.5', kinds: ['date', 'number'] },
]

/** A million characters: over the 256 KB form limit, under the 1 MB JSON limit. */
export const MILLION_CHARACTERS = 'y'.repeat(1_000_000)

/** JSON values of the wrong shape for a field that expects a string (or a number). */
export const HOSTILE_JSON_VALUES: readonly { name: string; value: unknown }[] = [
  { name: 'array', value: ['2023-12-21'] },
  { name: 'object', value: { $gt: '' } },
  { name: 'nested object', value: { toString: 'x', __proto__: { polluted: true } } },
  { name: 'null', value: null },
  { name: 'number', value: 1e308 },
  { name: 'negative number', value: -1 },
  { name: 'fraction', value: 2.5 },
  { name: 'boolean', value: true },
  { name: 'empty string', value: '' },
  { name: 'million characters', value: MILLION_CHARACTERS },
]

function named(names: readonly string[]): HostileValue[] {
  return names.map((name) => {
    const value = HOSTILE_VALUES.find((candidate) => candidate.name === name)
    if (!value) throw new Error(`No hostile value named ${name}`)
    return value
  })
}

/** What every field of a kind gets: the values most likely to break something. */
const CORE: Record<HostileKind, readonly string[]> = {
  text: ['script tag', 'img onerror', 'SQL drop', 'NUL byte', '10 000 characters'],
  date: ['NUL byte', 'year 99999', 'Arabic-Indic digits', 'overflowing number'],
  number: ['script tag', 'NUL byte', 'overflowing number', 'negative zero', 'huge integer'],
}

/** Radios, selects, checkboxes and hidden fields: a value off the list, and a NUL. */
const CHOICE_CORE = ['script tag', 'NUL byte']

/** The rest of the corpus on the quick (PostgreSQL) leg: the encodings and limits it adds. */
const QUICK_ROTATION = [
  'lone surrogate (bytes)',
  'lone surrogate (UTF-16)',
  'control characters',
  '30 February',
  'five-digit year',
  'huge integer',
]

/** Values for a text field or parameter sent on its own (the API): all, or the quick few. */
export function textValues(quick: boolean): HostileValue[] {
  return quick
    ? named([...CORE.text, ...QUICK_ROTATION])
    : HOSTILE_VALUES.filter((value) => value.kinds.includes('text'))
}

export interface FuzzField {
  readonly name: string
  readonly kind: HostileKind
  /** A radio, select, checkbox or hidden field: its value comes from a list. */
  readonly choice: boolean
}

/**
 * Which value goes to which field. Every field gets the core values of its
 * kind; every other value of the corpus goes to one field of the form in turn
 * (free-text fields first), so each value reaches every form without sending
 * the whole product of fields and values. `quick` rotates a shorter list.
 */
export function fuzzPlan(
  fields: readonly FuzzField[],
  options: { quick: boolean },
): [FuzzField, HostileValue][] {
  const plan: [FuzzField, HostileValue][] = []
  const given = new Map<string, Set<string>>()
  for (const field of fields) {
    const values = named(field.choice ? CHOICE_CORE : CORE[field.kind])
    given.set(field.name, new Set(values.map((value) => value.name)))
    for (const value of values) plan.push([field, value])
  }
  const rotation = options.quick
    ? named(QUICK_ROTATION)
    : HOSTILE_VALUES.filter((value) => fields.some((field) => value.kinds.includes(field.kind)))
  let turn = 0
  for (const value of rotation) {
    const candidates = fields.filter(
      (field) => value.kinds.includes(field.kind) && !given.get(field.name)?.has(value.name),
    )
    const free = candidates.filter((field) => !field.choice)
    const pool = free.length > 0 ? free : candidates
    const field = pool[turn % Math.max(pool.length, 1)]
    turn += 1
    if (!field) continue
    given.get(field.name)?.add(value.name)
    plan.push([field, value])
  }
  return plan
}

/**
 * What must never appear in an HTML response: the payloads as live markup. An
 * escaped payload (`&lt;script&gt;`) is fine; these raw forms are not.
 */
const UNESCAPED_MARKERS: readonly RegExp[] = [
  /<script>alert\(1\)<\/script>/i,
  /<img src=x onerror=alert\(1\)>/i,
  /<\/textarea><script>/i,
  /\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:/i,
]

/** The first raw payload found in `html`, or null. */
export function unescapedPayloadIn(html: string): string | null {
  for (const marker of UNESCAPED_MARKERS) {
    const match = marker.exec(html)
    if (match) return match[0]
  }
  return null
}
