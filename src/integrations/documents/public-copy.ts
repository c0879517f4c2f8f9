// The safe public copy of a report version (issue 9, S17). Redactions that can
// be undone are how families have been identified, so before a version is
// published:
// - a PDF whose "redacted" text is still there under a dark box is refused,
//   naming the pages, for the author to redact it properly;
// - a PDF is copied without its document information, XMP metadata,
//   annotations, form fields, embedded files and JavaScript (and without the
//   objects nothing uses, which may be an earlier version of a page), and the
//   copy is checked for text under a box again;
// - a Word document is copied without comments, tracked changes (accepted),
//   hidden text and document properties (docx-public-copy.ts).
// Every PDF step runs in a worker with the time and memory limits of reading
// one (pdf-text.ts): a hostile file gives a reason, never a throw or a hang.
import { makeDocxPublicCopy } from './docx-public-copy.js'
import { runPdfWorker, type PdfReadFailure, type PdfTextLimits } from './pdf-text.js'

export type PublicCopyResult =
  | {
      ok: true
      bytes: Uint8Array
      mediaType: string
      /** What was taken out, in words for a coordinator: 'XMP metadata', '3 annotations'… */
      removed: string[]
    }
  | { ok: false; reason: 'text-under-box'; pages: number[]; message: string }
  | { ok: false; reason: 'unreadable' | 'timeout' | 'too-much-memory'; message: string }

export const PDF_MEDIA_TYPE = 'application/pdf'
export const DOCX_MEDIA_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/**
 * The copy of a report version that may be published, or why there is none.
 * `limits` bound each PDF step (a Word document is read under the zip caps of
 * the redaction check).
 */
export async function makePublicCopy(
  kind: 'pdf' | 'docx',
  bytes: Uint8Array,
  limits: Partial<PdfTextLimits> = {},
): Promise<PublicCopyResult> {
  if (kind === 'docx') {
    const copy = makeDocxPublicCopy(bytes)
    if (!copy.ok) return { ok: false, reason: 'unreadable', message: copy.message }
    return { ok: true, bytes: copy.bytes, mediaType: DOCX_MEDIA_TYPE, removed: copy.removed }
  }
  const before = await findTextUnderBoxes(bytes, limits)
  if (!before.ok) return before
  if (before.pages.length > 0) return textUnderBox(before.pages)

  const copy = await runPdfWorker<{ bytes: Uint8Array; removed: string[] }>(
    new URL('./pdf-public-copy-worker.mjs', import.meta.url),
    { bytes },
    limits,
  )
  if (!copy.ok) return failure(copy)
  const copyBytes = copy.value.bytes

  // The copy is what is published: it is checked, not the file it came from.
  const after = await findTextUnderBoxes(copyBytes, limits)
  if (!after.ok) return after
  if (after.pages.length > 0) return textUnderBox(after.pages)
  return { ok: true, bytes: copyBytes, mediaType: PDF_MEDIA_TYPE, removed: copy.value.removed }
}

/**
 * The pages of a PDF with text still under an opaque dark box drawn over it
 * (pdf-hidden-text.mjs), read in the PDF worker under the limits.
 */
export async function findTextUnderBoxes(
  bytes: Uint8Array,
  limits: Partial<PdfTextLimits> = {},
): Promise<
  | { ok: true; pages: number[] }
  | { ok: false; reason: 'unreadable' | 'timeout' | 'too-much-memory'; message: string }
> {
  const result = await runPdfWorker<{ hiddenTextPages: number[] }>(
    new URL('./pdf-text-worker.mjs', import.meta.url),
    { bytes, mode: 'hidden-text', maxTextLength: 0 },
    limits,
  )
  if (!result.ok) return failure(result)
  return { ok: true, pages: result.value.hiddenTextPages }
}

function textUnderBox(pages: number[]): PublicCopyResult {
  const named =
    pages.length === 1
      ? `page ${pages[0]}`
      : `pages ${pages.slice(0, -1).join(', ')} and ${pages[pages.length - 1]}`
  return {
    ok: false,
    reason: 'text-under-box',
    pages,
    message: `The report has text under a black box on ${named}: the words are still in the file, and anyone can copy them out or remove the box. Delete the text itself (or use a redaction tool that removes it), save the PDF again and upload the new version`,
  }
}

function failure(result: PdfReadFailure): {
  ok: false
  reason: 'unreadable' | 'timeout' | 'too-much-memory'
  message: string
} {
  if (result.reason === 'unreadable') {
    return {
      ok: false,
      reason: 'unreadable',
      message:
        result.detail === 'encrypted'
          ? 'The report is a password-protected or encrypted PDF, so a public copy cannot be made. Save a copy without protection and upload it as a new version'
          : 'The report could not be read, so a public copy cannot be made. It may be damaged: save it again as a PDF and upload it as a new version',
    }
  }
  return {
    ok: false,
    reason: result.reason,
    message:
      'The report is too complex to copy safely. Save it again as a simpler PDF (for example with “Save as PDF” from Word) and upload it as a new version',
  }
}
