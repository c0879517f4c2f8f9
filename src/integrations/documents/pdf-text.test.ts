import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import PDFDocument from 'pdfkit'
import { extractPdfText } from './pdf-text.js'

function makePdf(text: string): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument()
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.text(text)
    doc.end()
  })
}

describe('PDF text extraction in a worker', () => {
  it('extracts the text of a real PDF', async () => {
    const result = await extractPdfText(await makePdf('Learning from the Child A review'))
    assert.deepEqual(result, { ok: true, pages: 1, text: 'Learning from the Child A review' })
  })

  it('refuses a malformed PDF with a reason, and the process carries on', async () => {
    const result = await extractPdfText(new Uint8Array(Buffer.from('%PDF-1.4\n garbage \n%%EOF')))
    assert.equal(result.ok, false)
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
  })

  it('stops a PDF that takes too long', async () => {
    const result = await extractPdfText(await makePdf('slow'), {
      timeoutMs: 1,
      maxMemoryMb: 64,
      maxTextLength: 1000,
    })
    assert.equal(result.ok ? '' : result.reason, 'timeout')
  })

  it('truncates very long text to the limit', async () => {
    const result = await extractPdfText(await makePdf('x'.repeat(500)), {
      timeoutMs: 10_000,
      maxMemoryMb: 64,
      maxTextLength: 100,
    })
    assert.equal(result.ok && result.text.length, 100)
  })
})

describe('hostile PDFs', () => {
  it('stops a decompression bomb at the time limit and the process carries on', async () => {
    const { decompressionBombPdf } = await import('../../../test/support/hostile-pdf.js')
    const bomb = decompressionBombPdf(100 * 1024 * 1024)
    assert.ok(bomb.length < 1024 * 1024, 'the bomb itself is small')
    const result = await extractPdfText(bomb, {
      timeoutMs: 2000,
      maxMemoryMb: 64,
      maxTextLength: 1000,
    })
    assert.equal(result.ok, false)
    assert.ok(['timeout', 'too-much-memory', 'unreadable'].includes(result.ok ? '' : result.reason))
    // The thread is gone; this process still answers.
    const after = await extractPdfText(await makePdf('still here'))
    assert.equal(after.ok && after.text, 'still here')
  })
})
