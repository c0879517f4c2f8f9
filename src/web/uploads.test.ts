import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FastifyRequest } from 'fastify'
import { attachmentDisposition, readUploadForm } from './uploads.js'

const field = (value: string) => ({ type: 'field', fieldname: 'x', value })
const file = (filename: string, bytes: string) => ({
  type: 'file',
  filename,
  toBuffer: () => Promise.resolve(Buffer.from(bytes)),
})
const requestWith = (body: unknown) => ({ body }) as FastifyRequest

describe('reading a form with a file', () => {
  it('turns multipart parts into plain fields and the one file', async () => {
    const form = await readUploadForm(
      requestWith({
        _csrf: field('token'),
        summary: field('Known to police'),
        agency: [field('a'), field('b')],
        file: file('summary.pdf', '%PDF-'),
      }),
    )
    assert.deepEqual(form.body, { _csrf: 'token', summary: 'Known to police', agency: ['a', 'b'] })
    assert.equal(form.file?.fileName, 'summary.pdf')
    assert.equal(form.file?.bytes.toString(), '%PDF-')
  })

  it('an empty file input is no file; a file in another field is ignored', async () => {
    const form = await readUploadForm(
      requestWith({ file: file('', ''), other: file('x.exe', 'MZ'), summary: field('s') }),
    )
    assert.equal(form.file, null)
    assert.deepEqual(form.body, { summary: 's' })
  })

  it('text sent in place of the file reads as no file', async () => {
    const form = await readUploadForm(requestWith({ file: field('not a file') }))
    assert.equal(form.file, null)
  })

  it('passes a url-encoded body through as it is', async () => {
    const form = await readUploadForm(requestWith({ csv: 'agency,date', list: ['a', 'b'] }))
    assert.deepEqual(form.body, { csv: 'agency,date', list: ['a', 'b'] })
    assert.equal(form.file, null)
    assert.deepEqual((await readUploadForm(requestWith(undefined))).body, {})
  })
})

describe('Content-Disposition for downloads (RFC 6266, RFC 5987)', () => {
  it('a plain name is given both ways', () => {
    assert.equal(
      attachmentDisposition('police-summary.pdf'),
      `attachment; filename="police-summary.pdf"; filename*=UTF-8''police-summary.pdf`,
    )
  })

  it('non-ASCII names are percent-encoded as UTF-8, with an ASCII fallback', () => {
    assert.equal(
      attachmentDisposition('Résumé (draft) 100%.docx'),
      `attachment; filename="R_sum_ (draft) 100_.docx"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28draft%29%20100%25.docx`,
    )
  })

  it('nothing can break out of the quoted fallback', () => {
    const header = attachmentDisposition('a"b\\c;d\r\ne.txt')
    assert.match(header, /^attachment; filename="a_b_c_d__e\.txt"; filename\*=UTF-8''/)
    assert.ok(!/[\r\n]/.test(header))
  })
})
