// A chronology uploaded as a file rather than pasted: the same CSV, checked by
// its content first. A spreadsheet saved as .xlsx, a PDF or a renamed program
// is refused here with a message that says what to do, before the CSV parser
// sees a byte of it.
import { contentMismatch, detectDocumentKind } from '../documents/content-type.js'
import type { FieldError } from '../errors.js'
import { CHRONOLOGY_CSV_LIMITS } from './chronology-csv.js'

export type ChronologyCsvFile =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: FieldError }

const refuse = (message: string): ChronologyCsvFile => ({
  ok: false,
  error: { field: 'file', message },
})

/** The CSV text of an uploaded file, or why it cannot be read as one. */
export function readChronologyCsvFile(bytes: Uint8Array, fileName: string): ChronologyCsvFile {
  if (bytes.length === 0) return refuse('The selected file is empty')
  if (bytes.length > CHRONOLOGY_CSV_LIMITS.maxBytes) {
    return refuse(
      'The selected file must be smaller than 1 MB. Split the chronology into smaller files',
    )
  }
  const kind = detectDocumentKind(bytes, fileName)
  if (kind === 'xlsx') {
    return refuse(
      'The selected file is an Excel workbook. Save it as CSV UTF-8 (comma delimited) and upload that file',
    )
  }
  // By content, a CSV file is text; a name ending in .txt does not make it less so.
  if (kind !== 'csv' && kind !== 'text') {
    return refuse('The selected file must be a CSV file saved as UTF-8 text')
  }
  // But a text file named as something else (notes.pdf) is refused, saying so (issue 8).
  const mismatch = contentMismatch({ fileName, actual: kind })
  if (mismatch !== null) return refuse(`${mismatch}. Upload the chronology as a .csv file`)
  // A byte order mark (Excel's "CSV UTF-8") is dropped by the decoder.
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes) }
}
