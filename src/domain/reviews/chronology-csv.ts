// Agencies send their chronologies as spreadsheets. This reads one saved as
// CSV (layout documented in docs/chronology-csv.md and on the import page) and
// either accepts every row or lists every bad row with its line number: a
// chronology half imported is worse than one not imported, because the gap
// would not show in the merged timeline.
import { CsvError, parse } from 'csv-parse/sync'
import type { CalendarDate } from '../calendar/calendar-date.js'
import type { FieldError } from '../errors.js'
import { readChronologyEntry, type ChronologyEntry } from './chronology.js'

export const CHRONOLOGY_CSV_LIMITS = { maxBytes: 1024 * 1024, maxRows: 5000 } as const

export const CHRONOLOGY_CSV_COLUMNS = [
  { name: 'agency', required: true, description: 'The agency that made the record' },
  {
    name: 'date',
    required: true,
    description: 'The date of the event, as YYYY-MM-DD (2023-01-31) or DD/MM/YYYY (31/01/2023)',
  },
  {
    name: 'time',
    required: false,
    description: 'The time, as 24-hour HH:MM (09:30); leave blank if not known',
  },
  { name: 'event', required: true, description: 'What happened' },
  {
    name: 'source',
    required: false,
    description: 'Where the agency’s record is, like "GP records" or "case note 14"',
  },
] as const

type ColumnName = (typeof CHRONOLOGY_CSV_COLUMNS)[number]['name']
const COLUMN_NAMES: readonly string[] = CHRONOLOGY_CSV_COLUMNS.map((column) => column.name)

/** Listing thousands of problems helps no one: the first ones show what is wrong. */
export const MAX_PROBLEMS_LISTED = 100

export interface CsvProblem {
  /** The line of the file, counting the header as line 1; null for the file as a whole. */
  readonly line: number | null
  readonly message: string
}

export interface ImportedEntry extends ChronologyEntry {
  readonly line: number
}

export type ChronologyCsvResult =
  | { readonly ok: true; readonly entries: readonly ImportedEntry[] }
  | { readonly ok: false; readonly problems: readonly CsvProblem[]; readonly moreProblems: number }

const FIELD_COLUMNS: Record<string, ColumnName> = {
  agency: 'agency',
  occurredOn: 'date',
  time: 'time',
  event: 'event',
  source: 'source',
}

export function parseChronologyCsv(text: string, today: CalendarDate): ChronologyCsvResult {
  if (text.trim() === '') {
    return fail([
      { line: null, message: 'The CSV is empty: paste the header row and then the entries' },
    ])
  }
  if (Buffer.byteLength(text, 'utf8') > CHRONOLOGY_CSV_LIMITS.maxBytes) {
    return fail([
      {
        line: null,
        message: 'The CSV is larger than 1 MB: split it into smaller files and import each one',
      },
    ])
  }

  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      info: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as { record: string[]; info: { lines: number } }[]
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    return fail([
      { line: lineOf(error), message: `The CSV cannot be read: ${csvErrorText(error)}` },
    ])
  }

  // A record ends on info.lines; a quoted value may span lines, so a record
  // starts on the line after the one before it ended.
  const rows: { line: number; values: string[] }[] = []
  let previousEnd = 0
  for (const { record, info } of records) {
    const line = previousEnd + 1
    previousEnd = info.lines
    if (record.every((value) => value === '')) continue
    rows.push({ line, values: record })
  }

  const header = rows.shift()
  if (header === undefined) {
    return fail([
      { line: null, message: 'The CSV is empty: paste the header row and then the entries' },
    ])
  }
  const headerProblems = checkHeader(header)
  if (headerProblems.length > 0) return fail(headerProblems)
  const columns = header.values.map((value) => value.toLowerCase() as ColumnName)

  if (rows.length === 0) {
    return fail([{ line: null, message: 'The CSV has a header row but no entries below it' }])
  }
  if (rows.length > CHRONOLOGY_CSV_LIMITS.maxRows) {
    return fail([
      {
        line: null,
        message: `The CSV has ${rows.length} entries: import at most ${CHRONOLOGY_CSV_LIMITS.maxRows} at a time by splitting the file`,
      },
    ])
  }

  const entries: ImportedEntry[] = []
  const problems: CsvProblem[] = []
  for (const row of rows) {
    if (row.values.length !== columns.length) {
      problems.push({
        line: row.line,
        message: `Line ${row.line}: has ${row.values.length} values but the header has ${columns.length} columns. A value containing a comma must be in double quotes`,
      })
      continue
    }
    const value = (name: ColumnName) => {
      const index = columns.indexOf(name)
      return index === -1 ? '' : (row.values[index] ?? '')
    }
    const errors: FieldError[] = []
    const entry = readChronologyEntry(
      errors,
      {
        agency: value('agency'),
        occurredOn: isoDate(value('date')),
        time: value('time'),
        event: value('event'),
        source: value('source'),
      },
      today,
    )
    if (entry === null || errors.length > 0) {
      const reasons = errors.map((error) => {
        const column = FIELD_COLUMNS[error.field] ?? error.field
        const given = value(column as ColumnName)
        const shown = given === '' || column === 'event' ? '' : ` (“${given.slice(0, 40)}”)`
        // A date not understood says which formats are (issue 8; docs/chronology-csv.md).
        const formats = error.field === 'occurredOn' && /real date/.test(error.message)
        return `${error.message}${shown}${formats ? `. ${DATE_FORMATS}` : ''}`
      })
      problems.push({ line: row.line, message: `Line ${row.line}: ${reasons.join('; ')}` })
      continue
    }
    entries.push({ ...entry, line: row.line })
  }
  if (problems.length > 0) return fail(problems)
  return { ok: true, entries }
}

function checkHeader(header: { line: number; values: string[] }): CsvProblem[] {
  const names = header.values.map((value) => value.toLowerCase())
  const problems: CsvProblem[] = []
  const expected = COLUMN_NAMES.join(', ')
  for (const name of names) {
    if (!COLUMN_NAMES.includes(name)) {
      problems.push({
        line: header.line,
        message: `Line ${header.line}: “${name.slice(0, 40)}” is not a column this import knows. The first row must name the columns: ${expected}`,
      })
    }
  }
  for (const name of new Set(names)) {
    if (names.filter((candidate) => candidate === name).length > 1) {
      problems.push({
        line: header.line,
        message: `Line ${header.line}: the column “${name.slice(0, 40)}” appears twice`,
      })
    }
  }
  for (const column of CHRONOLOGY_CSV_COLUMNS) {
    if (column.required && !names.includes(column.name)) {
      problems.push({
        line: header.line,
        message: `Line ${header.line}: the header row has no “${column.name}” column. The first row must name the columns: ${expected}`,
      })
    }
  }
  return problems
}

/** Said whenever a date is not understood: the two formats the import reads. */
export const DATE_FORMATS = 'Write dates as YYYY-MM-DD (2023-01-31) or DD/MM/YYYY (31/01/2023)'

/**
 * Spreadsheets set to a European locale save "CSV" with semicolons. The header
 * row says which: a header with semicolons and no commas is semicolon-separated.
 */
export function delimiterOf(text: string): ',' | ';' {
  const header =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((line) => line.trim() !== '') ?? ''
  return header.includes(';') && !header.includes(',') ? ';' : ','
}

/** DD/MM/YYYY (how spreadsheets in England save dates) to YYYY-MM-DD; anything else unchanged. */
function isoDate(text: string): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text)
  if (!match) return text
  const [, day = '', month = '', year = ''] = match
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

function lineOf(error: CsvError): number | null {
  const lines = (error as CsvError & { lines?: unknown }).lines
  return typeof lines === 'number' && lines > 0 ? lines : null
}

function csvErrorText(error: CsvError): string {
  const line = lineOf(error)
  const where = line === null ? '' : ` on line ${line}`
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a value opened with a double quote${where} is never closed`
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `a closing double quote${where} is followed by other characters. Put the whole value in double quotes and write any " inside it as ""`
    default:
      return `the file is not valid CSV${where}`
  }
}

function fail(problems: CsvProblem[]): ChronologyCsvResult {
  const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return {
    ok: false,
    problems: sorted.slice(0, MAX_PROBLEMS_LISTED),
    moreProblems: Math.max(0, sorted.length - MAX_PROBLEMS_LISTED),
  }
}
