// A report's text from every place a reader finds it (S17), for a PDF (in the
// sandboxed worker) or a Word document (under the zip caps). A file that
// cannot be read safely is a form error on `file`, never a 500.
import type { TextSection } from '../../domain/redaction/redaction-check.js'
import { ValidationError } from '../../domain/errors.js'
import type { DocumentKind } from '../../domain/documents/content-type.js'
import { extractDocxSections } from '../../integrations/documents/docx-text.js'
import { extractPdfSections, type PdfTextLimits } from '../../integrations/documents/pdf-text.js'

export async function readReportSections(
  kind: DocumentKind,
  bytes: Uint8Array,
  pdfLimits?: Partial<PdfTextLimits>,
): Promise<TextSection[]> {
  if (kind === 'docx') {
    const result = extractDocxSections(bytes)
    if (!result.ok) throw new ValidationError([{ field: 'file', message: result.message }])
    return result.sections
  }
  if (kind === 'pdf') {
    const result = await extractPdfSections(bytes, pdfLimits)
    if (!result.ok) {
      throw new ValidationError([
        {
          field: 'file',
          message:
            result.reason === 'unreadable'
              ? 'The selected PDF could not be read. It may be damaged: save it again as a PDF and upload it again'
              : 'The selected PDF is too complex to read safely. Save it again as a simpler PDF, or upload it as a Word document',
        },
      ])
    }
    return result.sections
  }
  throw new ValidationError([
    { field: 'file', message: 'The selected file must be a PDF or a Word document (.docx)' },
  ])
}
