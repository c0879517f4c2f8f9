// What a file is, decided from its bytes, never from its name or the browser's
// claim: a renamed executable must not pass as a PDF.

export type DocumentKind = 'pdf' | 'docx' | 'xlsx' | 'png' | 'jpeg' | 'csv' | 'text'

export const DOCUMENT_MEDIA_TYPES: Record<DocumentKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpeg: 'image/jpeg',
  csv: 'text/csv',
  text: 'text/plain',
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte)
}

function containsAscii(bytes: Uint8Array, text: string, limit = 64 * 1024): boolean {
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, limit))
  return haystack.includes(text, 0, 'latin1')
}

/** Text we accept: valid UTF-8 with no NUL bytes or other binary control characters. */
function isPlainText(bytes: Uint8Array): boolean {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text)
}

/**
 * The kind of a file from its content, or null when it is none we accept.
 * A name ending in .csv only decides between CSV and plain text for text files.
 */
export function detectDocumentKind(bytes: Uint8Array, fileName = ''): DocumentKind | null {
  if (bytes.length === 0) return null
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf' // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML is a zip whose parts name their folder near the start.
    if (!containsAscii(bytes, '[Content_Types].xml')) return null
    if (containsAscii(bytes, 'word/')) return 'docx'
    if (containsAscii(bytes, 'xl/')) return 'xlsx'
    return null
  }
  if (isPlainText(bytes)) return fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'text'
  return null
}

/** What people call each kind, in a sentence: "a text file", "a PDF". */
export const DOCUMENT_KIND_DESCRIPTIONS: Record<DocumentKind, string> = {
  pdf: 'a PDF',
  docx: 'a Word document (.docx)',
  xlsx: 'an Excel workbook (.xlsx)',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  csv: 'a CSV file',
  text: 'a text file',
}

const KINDS_BY_EXTENSION: Record<string, readonly DocumentKind[]> = {
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  png: ['png'],
  jpg: ['jpeg'],
  jpeg: ['jpeg'],
  csv: ['csv', 'text'],
  txt: ['text'],
  text: ['text'],
}

/** Media types a browser may send for each kind (it guesses from the name). */
const KINDS_BY_MEDIA_TYPE: Record<string, readonly DocumentKind[]> = {
  'application/pdf': ['pdf'],
  'application/x-pdf': ['pdf'],
  [DOCUMENT_MEDIA_TYPES.docx]: ['docx'],
  [DOCUMENT_MEDIA_TYPES.xlsx]: ['xlsx'],
  'image/png': ['png'],
  'image/jpeg': ['jpeg'],
  'image/pjpeg': ['jpeg'],
  'text/csv': ['csv', 'text'],
  'application/csv': ['csv', 'text'],
  // Windows browsers send a CSV file as Excel's, whatever is in it.
  'application/vnd.ms-excel': ['csv', 'text'],
  'text/plain': ['text', 'csv'],
}

/** The kinds a file's name claims by its extension; null when it claims none we know. */
export function kindsClaimedByName(fileName: string): readonly DocumentKind[] | null {
  const match = /\.([a-z0-9]+)$/i.exec(fileName.trim())
  if (!match) return null
  return KINDS_BY_EXTENSION[match[1]!.toLowerCase()] ?? null
}

/**
 * The kinds a declared media type claims; null when it claims nothing we can
 * judge (none sent, 'application/octet-stream', which means "unknown", or a
 * type we do not know).
 */
export function kindsClaimedByMediaType(
  mediaType: string | null | undefined,
): readonly DocumentKind[] | null {
  const type = (mediaType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === '' || type === 'application/octet-stream') return null
  // A type we do not know is a browser's guess we cannot judge: the name and the content decide.
  return KINDS_BY_MEDIA_TYPE[type] ?? null
}

/**
 * Why a file's content does not match what its name or declared type says it
 * is, or null when it matches (issue 8): a text file named fake.pdf must not be
 * stored and served back as a PDF. The message says what the file really is,
 * so the person knows which file they picked: "fake.pdf is a text file, not a PDF".
 */
export function contentMismatch(upload: {
  readonly fileName: string
  readonly declaredMediaType?: string | null
  readonly actual: DocumentKind
}): string | null {
  const byName = kindsClaimedByName(upload.fileName)
  const byType = kindsClaimedByMediaType(upload.declaredMediaType)
  const claimed = byName ?? byType
  const mismatched = (claims: readonly DocumentKind[] | null) =>
    claims !== null && !claims.includes(upload.actual)
  if (!mismatched(byName) && !mismatched(byType)) return null
  const claimedKind = (mismatched(byName) ? byName : byType)?.[0] ?? claimed?.[0]
  const really = DOCUMENT_KIND_DESCRIPTIONS[upload.actual]
  if (claimedKind === undefined) {
    return `${upload.fileName} is ${really}, not the kind of file it says it is`
  }
  return `${upload.fileName} is ${really}, not ${DOCUMENT_KIND_DESCRIPTIONS[claimedKind]}`
}
