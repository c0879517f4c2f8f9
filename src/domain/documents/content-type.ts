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
