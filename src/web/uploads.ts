// Forms with a file: reading a multipart body into plain fields and the one
// file, and sending a stored file back as a download.
import type { FastifyReply, FastifyRequest } from 'fastify'

export interface UploadedFile {
  /** As the browser sent it: untrusted, cleaned by the documents service. */
  readonly fileName: string
  readonly bytes: Buffer
  /**
   * The media type the browser declared (it guesses from the name), or null.
   * Untrusted: the documents service checks it against the content (issue 8).
   */
  readonly mediaType: string | null
}

export interface UploadForm {
  /** Text fields as strings (a repeated field as an array), like a url-encoded form. */
  readonly body: Record<string, unknown>
  /** The chosen file, or null when the file input was left empty. */
  readonly file: UploadedFile | null
}

interface MultipartField {
  type: 'field'
  value: unknown
}

interface MultipartFile {
  type: 'file'
  filename: string
  mimetype?: string
  toBuffer(): Promise<Buffer>
}

function isPart(value: unknown): value is MultipartField | MultipartFile {
  return (
    typeof value === 'object' &&
    value !== null &&
    ((value as { type?: unknown }).type === 'field' ||
      (value as { type?: unknown }).type === 'file')
  )
}

/**
 * A posted form, multipart or url-encoded. @fastify/multipart (attachFieldsToBody)
 * has already read the whole request, so `toBuffer` returns what it buffered.
 * Only the field named `fileField` is read as a file; a file anywhere else is
 * ignored, and text sent in place of the file reads as no file.
 */
export async function readUploadForm(
  request: FastifyRequest,
  fileField = 'file',
): Promise<UploadForm> {
  const raw =
    typeof request.body === 'object' && request.body !== null
      ? (request.body as Record<string, unknown>)
      : {}
  const body: Record<string, unknown> = {}
  let file: UploadedFile | null = null
  for (const [name, value] of Object.entries(raw)) {
    const parts = Array.isArray(value) ? value : [value]
    if (!parts.some(isPart)) {
      // A url-encoded form: already plain.
      body[name] = value
      continue
    }
    if (name === fileField) {
      const part = parts.find(
        (candidate): candidate is MultipartFile => isPart(candidate) && candidate.type === 'file',
      )
      // A file input left empty still sends a part, with no name and no bytes.
      if (part && part.filename !== '') {
        file = {
          fileName: part.filename,
          bytes: await part.toBuffer(),
          mediaType:
            typeof part.mimetype === 'string' && part.mimetype !== '' ? part.mimetype : null,
        }
      }
      continue
    }
    const values = parts.flatMap((part) =>
      isPart(part) && part.type === 'field' ? [part.value] : [],
    )
    if (values.length > 0) body[name] = values.length === 1 ? values[0] : values
  }
  return { body, file }
}

/**
 * RFC 6266 Content-Disposition for a download: a plain ASCII `filename` for old
 * clients and the exact name as RFC 5987 `filename*`. The name should already
 * be safe (no path, quotes or control characters); anything else is replaced.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_').trim() || 'document'
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/** Sends stored bytes as a download the browser must not render or sniff. */
export function sendDownload(
  reply: FastifyReply,
  download: { fileName: string; mediaType: string; content: Uint8Array },
): FastifyReply {
  return reply
    .header('content-type', download.mediaType)
    .header('content-disposition', attachmentDisposition(download.fileName))
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(download.content))
}
