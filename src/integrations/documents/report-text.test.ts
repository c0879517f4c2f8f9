// Text from every place a reader can get at it (S17), read from real files:
// PDFs made with pdf-lib and pdfkit, Word documents assembled part by part.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { strToU8, zipSync } from 'fflate'
import PDFDocument from 'pdfkit'
import { buildDocx, buildPdf } from '../../../test/support/report-fixtures.js'
import { extractDocxSections } from './docx-text.js'
import { extractPdfSections } from './pdf-text.js'

function textAt(sections: readonly { location: string; text: string }[], location: string): string {
  return sections
    .filter((section) => section.location === location)
    .map((section) => section.text)
    .join('\n')
}

describe('reading a PDF for the redaction check', () => {
  it('reads each page with its number, the footer, an annotation, a form field, the information and XMP', async () => {
    const bytes = await buildPdf({
      pages: ['Page one text', 'Page two mentions Quentin'],
      footer: 'Footer names Xavier',
      annotation: { author: 'Reviewer Yolanda', contents: 'Comment about Wilhelmina' },
      formField: 'Field value Ulysses',
      title: 'Title Theodora',
      author: 'Author Sebastian',
      xmpDescription: 'Described as Rosalind',
    })
    const result = await extractPdfSections(bytes)
    assert.ok(result.ok, JSON.stringify(result))
    assert.equal(result.pages, 2)
    const page1 = result.sections.find(
      (section) => section.location === 'page' && section.page === 1,
    )
    const page2 = result.sections.find(
      (section) => section.location === 'page' && section.page === 2,
    )
    assert.match(page1?.text ?? '', /Page one text/)
    assert.match(page1?.text ?? '', /Footer names Xavier/)
    assert.match(page2?.text ?? '', /Quentin/)
    const annotation = result.sections.find((section) => section.location === 'annotation')
    assert.equal(annotation?.page, 1)
    assert.match(annotation?.text ?? '', /Wilhelmina/)
    assert.match(annotation?.text ?? '', /Yolanda/)
    assert.match(textAt(result.sections, 'form field'), /Ulysses/)
    const properties = textAt(result.sections, 'properties')
    assert.match(properties, /Title: Title Theodora/)
    assert.match(properties, /Author: Author Sebastian/)
    assert.match(properties, /Rosalind/)
  })

  it('reads a pdfkit PDF’s text and information', async () => {
    const bytes = await new Promise<Uint8Array>((resolve) => {
      const doc = new PDFDocument({ info: { Title: 'About Octavia', Author: 'Reviewer' } })
      const chunks: Buffer[] = []
      doc.on('data', (chunk: Buffer) => chunks.push(chunk))
      doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
      doc.text('The child was seen by Penelope.')
      doc.end()
    })
    const result = await extractPdfSections(bytes)
    assert.ok(result.ok)
    assert.match(textAt(result.sections, 'page'), /Penelope/)
    assert.match(textAt(result.sections, 'properties'), /Title: About Octavia/)
  })

  it('refuses a damaged PDF with a reason', async () => {
    const result = await extractPdfSections(new Uint8Array(Buffer.from('%PDF-1.4\n garbage')))
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
  })
})

describe('reading a Word document for the redaction check', () => {
  it('reads every place, each with its location', () => {
    const result = extractDocxSections(
      buildDocx({
        body: ['Body mentions Quentin'],
        tableCell: 'Cell names Marguerite',
        header: 'Header names Horatio',
        footer: 'Footer names Xavier',
        footnote: 'Footnote names Florian',
        endnote: 'Endnote names Evander',
        comment: 'Comment names Wilhelmina',
        insertion: 'Inserted Ignatius',
        deletion: 'Deleted Desdemona',
        textBox: 'Box names Bartholomew',
        title: 'Title Theodora',
        subject: 'Subject Sorcha',
        creator: 'Author Sebastian',
        keywords: 'Keyword Kasimir',
        description: 'Described as Rosalind',
      }),
    )
    assert.ok(result.ok, JSON.stringify(result))
    const sections = result.sections
    assert.match(textAt(sections, 'body'), /Quentin/)
    assert.match(textAt(sections, 'body'), /Marguerite/)
    assert.match(textAt(sections, 'header'), /Horatio/)
    assert.match(textAt(sections, 'footer'), /Xavier/)
    assert.match(textAt(sections, 'footnote'), /Florian/)
    assert.match(textAt(sections, 'endnote'), /Evander/)
    assert.match(textAt(sections, 'comment'), /Wilhelmina/)
    assert.match(textAt(sections, 'tracked change'), /Ignatius/)
    assert.match(textAt(sections, 'tracked change'), /Desdemona/)
    assert.match(textAt(sections, 'text box'), /Bartholomew/)
    // The VML copy of the text box is not read twice.
    assert.equal(textAt(sections, 'text box').match(/Bartholomew/g)?.length, 1)
    const properties = textAt(sections, 'properties')
    for (const expected of [
      'Title: Title Theodora',
      'Subject: Subject Sorcha',
      'Author: Author Sebastian',
      'Keywords: Keyword Kasimir',
      'Description: Described as Rosalind',
    ]) {
      assert.match(properties, new RegExp(expected))
    }
    assert.doesNotMatch(textAt(sections, 'body'), /Horatio|Xavier|Ignatius|Desdemona|Bartholomew/)
  })

  it('reads a Word document made by the docx library', async () => {
    const { Document, Footer, Packer, Paragraph } = await import('docx')
    const bytes = await Packer.toBuffer(
      new Document({
        title: 'About Octavia',
        creator: 'Reviewer',
        sections: [
          {
            footers: { default: new Footer({ children: [new Paragraph('Footer about Xavier')] }) },
            children: [new Paragraph('The child was seen by Penelope.')],
          },
        ],
      }),
    )
    const result = extractDocxSections(new Uint8Array(bytes))
    assert.ok(result.ok, JSON.stringify(result))
    assert.match(textAt(result.sections, 'body'), /Penelope/)
    assert.match(textAt(result.sections, 'footer'), /Xavier/)
    assert.match(textAt(result.sections, 'properties'), /Title: About Octavia/)
  })

  it('decodes XML character references', () => {
    const result = extractDocxSections(buildDocx({ body: ['Zoë & Tom <b>'] }))
    assert.ok(result.ok)
    assert.match(textAt(result.sections, 'body'), /Zoë & Tom <b>/)
  })

  it('refuses a document with too many entries', () => {
    const extra: Record<string, Uint8Array> = {}
    for (let index = 0; index < 1100; index += 1)
      extra[`word/media/image${index}.bin`] = strToU8('x')
    const result = extractDocxSections(buildDocx({}, extra))
    assert.equal(result.ok ? '' : result.reason, 'too-many-entries')
    assert.match(result.ok ? '' : result.message, /more than 1000 parts/)
  })

  it('refuses a zip bomb: a small file whose text inflates far beyond its size', () => {
    const bomb = zipSync(
      {
        'word/document.xml': new Uint8Array(200 * 1024 * 1024).fill(32),
        'docProps/core.xml': strToU8('<x/>'),
      },
      { level: 9 },
    )
    assert.ok(bomb.length < 1024 * 1024, 'the bomb itself is small')
    const result = extractDocxSections(bomb)
    assert.equal(result.ok ? '' : result.reason, 'compression-ratio')
    assert.match(result.ok ? '' : result.message, /zip bomb/)
  })

  it('refuses an entry larger than the limit', () => {
    const big = zipSync(
      { 'word/document.xml': new Uint8Array(3 * 1024 * 1024).fill(32) },
      { level: 0 },
    )
    const result = extractDocxSections(big, { maxEntryBytes: 2 * 1024 * 1024 })
    assert.equal(result.ok ? '' : result.reason, 'too-large')
  })

  it('refuses a part with a document type declaration (no entities are expanded)', () => {
    const result = extractDocxSections(
      zipSync({
        'word/document.xml': strToU8(
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>',
        ),
      }),
    )
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
  })

  it('refuses something that is not a zip, or a zip without a document', () => {
    assert.equal(extractDocxSections(strToU8('not a zip')).ok, false)
    const result = extractDocxSections(zipSync({ 'readme.txt': strToU8('hello') }))
    assert.equal(result.ok ? '' : result.reason, 'not-a-docx')
  })
})
