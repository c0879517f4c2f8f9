import { stringify } from 'csv-stringify/sync'

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab or
 * carriage return) is prefixed with an apostrophe, so an export opened in Excel
 * cannot execute what someone typed into the service (CSV injection).
 */
export function neutraliseCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

export function toSafeCsv(
  header: string[],
  rows: (string | number | null | undefined)[][],
): string {
  return stringify([header, ...rows.map((row) => row.map(neutraliseCell))], {
    record_delimiter: 'windows',
  })
}
