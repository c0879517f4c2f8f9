import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createDeflate } from 'node:zlib'
import PDFDocument from 'pdfkit'
import { extractPdfText } from './pdf-text.js'
import { pdfWithDeflatedContent } from '../../../test/support/hostile-pdf.js'

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

/**
 * `inflatedMb` megabytes of zeros, deflated a megabyte at a time so this
 * process never holds them all: about 1 KB on disk for every megabyte inflated.
 */
async function deflatedZeros(inflatedMb: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 })
  const chunks: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise((resolve) => deflate.on('end', resolve))
  const megabyte = Buffer.alloc(1024 * 1024)
  for (let written = 0; written < inflatedMb; written += 1) {
    if (!deflate.write(megabyte)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await ended
  return Buffer.concat(chunks)
}

describe('hostile PDFs', () => {
  it(
    'stops a PDF whose stream inflates to 512 MB at the memory limit, well before the time limit',
    { timeout: 120_000 },
    async () => {
      // pdf.js inflates into ArrayBuffers, outside the JavaScript heap that the
      // worker's resourceLimits bound: only the watch on the process's memory
      // stops this one. Unchecked it adds about 1 GB and finishes in 11 seconds.
      const bomb = pdfWithDeflatedContent(await deflatedZeros(512))
      assert.ok(bomb.length < 1024 * 1024, 'the bomb itself is small')
      const started = performance.now()
      const result = await extractPdfText(bomb, {
        timeoutMs: 60_000,
        maxMemoryMb: 64,
        maxTotalMemoryMb: 96,
        maxTextLength: 1000,
      })
      assert.equal(result.ok, false)
      assert.equal(result.ok ? '' : result.reason, 'too-much-memory')
      assert.match(result.ok ? '' : result.detail, /^needed more than 96 MB/)
      assert.ok(performance.now() - started < 30_000, 'stopped long before the time limit')
      // The thread and its memory are gone; this process still reads a PDF.
      const after = await extractPdfText(await makePdf('read after the bomb'))
      assert.deepEqual(after, { ok: true, pages: 1, text: 'read after the bomb' })
    },
  )

  it('reads an ordinary PDF within a small memory limit', async () => {
    const result = await extractPdfText(await makePdf('Learning from the Child B review'), {
      maxTotalMemoryMb: 64,
    })
    assert.equal(result.ok && result.text, 'Learning from the Child B review')
  })

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
