// The safe public copy of a report version (issue 9, S17), made from real
// files: PDFs drawn with pdf-lib and pdfkit, Word documents assembled part by
// part with fflate. Every planted detail is an invented name, and each test
// first checks the original holds it, so "the copy does not" means something.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { inflateSync } from 'node:zlib'
import { strToU8, strFromU8, unzipSync, zipSync, type Zippable } from 'fflate'
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  StandardFonts,
  rgb,
} from 'pdf-lib'
import PDFKit from 'pdfkit'
import { buildDocx, buildPdf } from '../../../test/support/report-fixtures.js'
import { decompressionBombPdf } from '../../../test/support/hostile-pdf.js'
import { extractDocxSections } from './docx-text.js'
import { extractPdfSections } from './pdf-text.js'
import { makePublicCopy, type PublicCopyResult } from './public-copy.js'

/**
 * Everything a PDF holds, as text a tool could read: the raw bytes, every
 * stream inflated, and every hex string decoded (pdf-lib writes metadata as
 * UTF-16 hex, which a plain search of the bytes would miss).
 */
function everythingIn(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes).toString('latin1')
  const texts = [raw]
  for (const match of raw.matchAll(/(?<!end)stream\r?\n/g)) {
    const start = match.index + match[0].length
    const end = raw.indexOf('endstream', start)
    if (end === -1) continue
    try {
      texts.push(inflateSync(bytes.subarray(start, end)).toString('latin1'))
    } catch {
      // Not deflated: its bytes are in the raw text already.
    }
  }
  for (const text of [...texts]) {
    for (const match of text.matchAll(/<([0-9A-Fa-f\s]{4,})>/g)) {
      const hex = Buffer.from(match[1]!.replace(/\s/g, ''), 'hex')
      texts.push(
        hex[0] === 0xfe && hex[1] === 0xff
          ? Buffer.from(hex.subarray(2)).swap16().toString('utf16le')
          : hex.toString('latin1'),
      )
    }
  }
  return texts.join('\n')
}

function copyOf(result: PublicCopyResult): { bytes: Uint8Array; removed: string[] } {
  assert.ok(result.ok, JSON.stringify(result.ok ? '' : result))
  return result
}

function pdfkitPdf(draw: (doc: PDFKit.PDFDocument) => void, options = {}): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFKit(options)
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    draw(doc)
    doc.end()
  })
}

/** A two-page PDF; `draw` adds to the second page, after its line of text. */
async function pdfWithSecondPage(
  draw: (
    page: ReturnType<PDFDocument['addPage']>,
    font: Awaited<ReturnType<PDFDocument['embedFont']>>,
  ) => void,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  pdf
    .addPage([595, 842])
    .drawText('Learning from the review of Child A.', { x: 50, y: 780, size: 11, font })
  const page = pdf.addPage([595, 842])
  page.drawText('The child was seen by Quentin at home.', { x: 50, y: 700, size: 12, font })
  draw(page, font)
  return pdf.save()
}

describe('a PDF with text under a box is refused (S17)', () => {
  it('refuses text with a black rectangle drawn over it, naming the page', async () => {
    const bytes = await pdfWithSecondPage((page) =>
      page.drawRectangle({ x: 45, y: 695, width: 240, height: 20, color: rgb(0, 0, 0) }),
    )
    const result = await makePublicCopy('pdf', bytes)
    assert.equal(result.ok, false)
    assert.equal(result.ok ? '' : result.reason, 'text-under-box')
    assert.deepEqual(result.ok || result.reason !== 'text-under-box' ? [] : result.pages, [2])
    assert.match(result.ok ? '' : result.message, /text under a black box on page 2\b/)
  })

  it('refuses a near-black box over one word of a line', async () => {
    // "Quentin" starts about 126 points along at 12 points: the box covers it alone.
    const bytes = await pdfWithSecondPage((page) =>
      page.drawRectangle({ x: 176, y: 696, width: 44, height: 14, color: rgb(0.1, 0.1, 0.12) }),
    )
    const result = await makePublicCopy('pdf', bytes)
    assert.equal(result.ok ? '' : result.reason, 'text-under-box')
  })

  it('refuses a box drawn by a comment (an annotation) over the text', async () => {
    const bytes = await pdfWithSecondPage(() => undefined)
    const pdf = await PDFDocument.load(bytes)
    const appearance = pdf.context.register(
      pdf.context.stream('0 g 0 0 240 20 re f', {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, 240, 20],
      }),
    )
    const square = pdf.context.register(
      pdf.context.obj({
        Type: 'Annot',
        Subtype: 'Square',
        Rect: [45, 695, 285, 715],
        IC: [0, 0, 0],
        AP: { N: appearance },
      }),
    )
    pdf.getPage(1).node.set(PDFName.of('Annots'), pdf.context.obj([square]))
    const result = await makePublicCopy('pdf', await pdf.save())
    assert.equal(result.ok ? '' : result.reason, 'text-under-box')
    assert.match(result.ok ? '' : result.message, /page 2/)
  })

  it('refuses a pdfkit PDF (a flipped page and kerned text) with a box over the name, and names every page', async () => {
    const bytes = await pdfkitPdf((doc) => {
      doc.fontSize(14).text('The child was seen by Penelope.', 72, 100)
      doc.rect(230, 97, 80, 20).fill('#000')
      doc.addPage()
      doc.text('Nothing hidden here.', 72, 100)
      doc.addPage()
      doc.text('Her brother Bartholomew was at school.', 72, 300)
      doc.rect(150, 295, 120, 25).fill('#1a1a1a')
    })
    const result = await makePublicCopy('pdf', bytes)
    assert.equal(result.ok ? '' : result.reason, 'text-under-box')
    assert.deepEqual(result.ok || result.reason !== 'text-under-box' ? [] : result.pages, [1, 3])
    assert.match(result.ok ? '' : result.message, /on pages 1 and 3:/)
  })

  it('passes a black box over empty space: a real redaction, the text removed', async () => {
    const bytes = await pdfWithSecondPage((page, font) => {
      page.drawText('Her sibling was', { x: 50, y: 600, size: 12, font })
      page.drawRectangle({ x: 140, y: 595, width: 80, height: 20, color: rgb(0, 0, 0) })
    })
    const copy = copyOf(await makePublicCopy('pdf', bytes))
    const sections = await extractPdfSections(copy.bytes)
    assert.ok(sections.ok)
    assert.match(sections.sections.map((section) => section.text).join('\n'), /Her sibling was/)
  })

  it('passes a black rectangle elsewhere, a dark banner under white text, thin rules and a see-through highlight', async () => {
    const bytes = await pdfWithSecondPage((page, font) => {
      page.drawRectangle({ x: 45, y: 300, width: 240, height: 20, color: rgb(0, 0, 0) })
      page.drawRectangle({ x: 45, y: 495, width: 240, height: 22, color: rgb(0, 0.1, 0.3) })
      page.drawText('Key findings', { x: 50, y: 500, size: 12, font, color: rgb(1, 1, 1) })
      // An underline and a strike-through are drawn after the text.
      page.drawRectangle({ x: 50, y: 698, width: 200, height: 0.8, color: rgb(0, 0, 0) })
      page.drawRectangle({ x: 50, y: 703, width: 200, height: 0.8, color: rgb(0, 0, 0) })
      page.drawRectangle({
        x: 45,
        y: 695,
        width: 240,
        height: 20,
        color: rgb(0, 0, 0),
        opacity: 0.3,
      })
    })
    const result = await makePublicCopy('pdf', bytes)
    assert.equal(result.ok, true, JSON.stringify(result))
  })
})

/** A PDF with a detail planted in every place the public copy must not keep. */
async function plantedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(
    await buildPdf({
      pages: ['Learning from the review of Child A.', 'What the agencies did next.'],
      annotation: { author: 'Reviewer Yolanda', contents: 'Comment about Wilhelmina' },
      formField: 'Field value Ulysses',
      title: 'Title Theodora',
      author: 'Author Sebastian',
      xmpDescription: 'Described as Rosalind',
    }),
    { updateMetadata: false },
  )
  await pdf.attach(strToU8('Notes naming Lysander'), 'notes.txt', {
    mimeType: 'text/plain',
    description: 'Notes',
  })
  pdf.addJavaScript('welcome', 'app.alert("Hello Jezebel")')
  pdf.catalog.set(
    PDFName.of('OpenAction'),
    pdf.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert("Opened by Octavius")') }),
  )
  const page = pdf.getPage(1)
  page.node.set(
    PDFName.of('AA'),
    pdf.context.obj({ O: { S: 'JavaScript', JS: PDFString.of('app.alert("Page Perpetua")') } }),
  )
  // Where an editor keeps its own copy of the document.
  page.node.set(
    PDFName.of('PieceInfo'),
    pdf.context.obj({ Editor: { Private: PDFHexString.fromText('Original by Philippa') } }),
  )
  // An earlier version of a page, saved over but still in the file.
  pdf.context.register(
    pdf.context.obj({ Type: 'Page', Note: PDFHexString.fromText('Earlier page naming Leopold') }),
  )
  return pdf.save({ useObjectStreams: false })
}

const PLANTED = [
  'Yolanda',
  'Wilhelmina',
  'Ulysses',
  'Theodora',
  'Sebastian',
  'Rosalind',
  'Lysander',
  'Jezebel',
  'Octavius',
  'Perpetua',
  'Philippa',
  'Leopold',
]

describe('the public copy of a PDF', () => {
  it('has no document information, XMP, annotations, attachments, form, JavaScript or leftovers, and keeps the pages', async () => {
    const original = await plantedPdf()
    for (const word of PLANTED) assert.match(everythingIn(original), new RegExp(word))

    const copy = copyOf(await makePublicCopy('pdf', original))
    assert.deepEqual(copy.removed, [
      'document information',
      '1 annotation',
      'form fields',
      'XMP metadata',
      'embedded files',
      'JavaScript',
      'application data',
      'unused content',
    ])
    const everything = everythingIn(copy.bytes)
    for (const word of PLANTED) assert.doesNotMatch(everything, new RegExp(word), word)

    const reloaded = await PDFDocument.load(copy.bytes, { updateMetadata: false })
    assert.equal(reloaded.getPageCount(), 2)
    assert.equal(reloaded.context.trailerInfo.Info, undefined)
    assert.equal(reloaded.getTitle(), undefined)
    assert.equal(reloaded.getProducer(), undefined)
    for (const key of ['Metadata', 'AcroForm', 'OpenAction', 'AA']) {
      assert.equal(reloaded.catalog.has(PDFName.of(key)), false, key)
    }
    const names = reloaded.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)
    assert.equal(names?.has(PDFName.of('EmbeddedFiles')) ?? false, false)
    assert.equal(names?.has(PDFName.of('JavaScript')) ?? false, false)
    for (const page of reloaded.getPages()) {
      assert.equal(page.node.lookupMaybe(PDFName.of('Annots'), PDFArray), undefined)
      assert.equal(page.node.has(PDFName.of('AA')), false)
      assert.equal(page.node.has(PDFName.of('PieceInfo')), false)
    }
    assert.deepEqual(reloaded.getForm().getFields(), [])

    const sections = await extractPdfSections(copy.bytes)
    assert.ok(sections.ok, JSON.stringify(sections))
    assert.deepEqual(
      sections.sections.map((section) => [section.location, section.page]),
      [
        ['page', 1],
        ['page', 2],
      ],
    )
    assert.match(sections.sections[0]?.text ?? '', /Learning from the review of Child A\./)
    assert.match(sections.sections[1]?.text ?? '', /What the agencies did next\./)
  })

  it('copies a plain pdfkit PDF with only its document information taken out', async () => {
    const original = await pdfkitPdf(
      (doc) => doc.text('The child was seen by the health visitor.'),
      {
        info: { Title: 'About Octavia', Author: 'Reviewer Aurelia' },
      },
    )
    const copy = copyOf(await makePublicCopy('pdf', original))
    assert.deepEqual(copy.removed, ['document information'])
    assert.doesNotMatch(everythingIn(copy.bytes), /Octavia|Aurelia|PDFKit/)
    const sections = await extractPdfSections(copy.bytes)
    assert.ok(sections.ok)
    assert.deepEqual(sections.sections, [
      { location: 'page', page: 1, text: 'The child was seen by the health visitor.' },
    ])
  })

  it('says "3 annotations" and counts a comment with its popup once', async () => {
    const pdf = await PDFDocument.load(await buildPdf({}))
    const comment = (text: string) =>
      pdf.context.register(
        pdf.context.obj({
          Type: 'Annot',
          Subtype: 'Text',
          Rect: [400, 700, 420, 720],
          Contents: PDFHexString.fromText(text),
        }),
      )
    const first = comment('First note')
    const popup = pdf.context.register(
      pdf.context.obj({
        Type: 'Annot',
        Subtype: 'Popup',
        Rect: [420, 600, 560, 700],
        Parent: first,
      }),
    )
    pdf
      .getPage(0)
      .node.set(
        PDFName.of('Annots'),
        pdf.context.obj([first, popup, comment('Second note'), comment('Third note')]),
      )
    const copy = copyOf(await makePublicCopy('pdf', await pdf.save()))
    assert.ok(copy.removed.includes('3 annotations'), copy.removed.join(', '))
    assert.doesNotMatch(everythingIn(copy.bytes), /First note|Second note|Third note/)
  })
})

describe('a PDF that cannot be copied safely gives a reason, never a throw', () => {
  it('refuses a damaged file', async () => {
    const result = await makePublicCopy('pdf', strToU8('%PDF-1.4\n garbage \n%%EOF'))
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
    assert.match(result.ok ? '' : result.message, /could not be read/)
  })

  it('refuses a PDF cut short', async () => {
    const whole = await buildPdf({})
    const result = await makePublicCopy('pdf', whole.subarray(0, Math.floor(whole.length / 3)))
    assert.equal(result.ok, false)
  })

  it('refuses an encrypted PDF, saying why', async () => {
    const encrypted = await pdfkitPdf((doc) => doc.text('Protected report'), {
      ownerPassword: 'owner',
      permissions: { printing: 'highResolution' },
    })
    const result = await makePublicCopy('pdf', encrypted)
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
    assert.match(result.ok ? '' : result.message, /password-protected or encrypted/)
  })

  it('stops a decompression bomb at the limits', async () => {
    const result = await makePublicCopy('pdf', decompressionBombPdf(100 * 1024 * 1024), {
      timeoutMs: 2000,
      maxMemoryMb: 64,
    })
    assert.equal(result.ok, false)
    assert.ok(['timeout', 'too-much-memory'].includes(result.ok ? '' : result.reason))
  })
})

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const change = 'w:author="Reviewer Rowena" w:date="2024-01-01T00:00:00Z"'

/**
 * A Word document with a detail planted everywhere the public copy must not
 * keep: comments (in the body and a header), tracked insertions, deletions,
 * moves and formatting changes, hidden text (by run and by style), the core,
 * app and custom properties, a thumbnail, an embedded workbook and settings
 * that record a template's path and document variables.
 */
function plantedDocx(): Uint8Array {
  const run = (text: string, properties = '') =>
    `<w:r>${properties ? `<w:rPr>${properties}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`
  const body = [
    `<w:p>${run('Body text kept.')}</w:p>`,
    `<w:p><w:commentRangeStart w:id="0"/>${run('The family moved.')}<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r></w:p>`,
    `<w:p>${run('The child ')}<w:ins w:id="1" ${change}>${run('Inserted Ignatius')}</w:ins><w:del w:id="2" ${change}><w:r><w:delText>Deleted Desdemona</w:delText></w:r></w:del>${run(' was seen.')}</w:p>`,
    `<w:p><w:moveFromRangeStart w:id="3" w:name="move1" ${change}/><w:moveFrom w:id="4" ${change}>${run('Moved from Mortimer')}</w:moveFrom><w:moveFromRangeEnd w:id="3"/></w:p>`,
    `<w:p><w:moveToRangeStart w:id="5" w:name="move1" ${change}/><w:moveTo w:id="6" ${change}>${run('Moved to Maximilian')}</w:moveTo><w:moveToRangeEnd w:id="5"/></w:p>`,
    `<w:p>${run('Formatted text', `<w:b/><w:rPrChange w:id="7" ${change}><w:rPr/></w:rPrChange>`)}</w:p>`,
    `<w:p>${run('Shown text ')}${run('Hidden Hermione', '<w:vanish/>')}${run('Shown again', '<w:vanish w:val="false"/>')}</w:p>`,
    `<w:p>${run('Styled hidden Hyacinth', '<w:rStyle w:val="SecretNote"/>')}</w:p>`,
    `<w:p><w:pPr><w:pStyle w:val="HiddenParagraph"/></w:pPr>${run('Paragraph hidden Horace')}</w:p>`,
    `<w:tbl><w:tr><w:tc><w:p>${run('Row kept')}</w:p></w:tc></w:tr><w:tr><w:trPr><w:del w:id="8" ${change}/></w:trPr><w:tc><w:p>${run('Row deleted Rupert')}</w:p></w:tc></w:tr></w:tbl>`,
    `<w:p><w:r><w:object><v:shape id="o1" xmlns:v="urn:schemas-microsoft-com:vml"><v:imagedata r:id="rIdImage"/></v:shape><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" ProgID="Excel.Sheet.12" r:id="rIdWorkbook"/></w:object></w:r></w:p>`,
  ].join('')
  const files: Zippable = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Default Extension="jpeg" ContentType="image/jpeg"/><Default Extension="xlsx" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="${REL}/custom-properties" Target="docProps/custom.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/></Relationships>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/></w:sectPr></w:body></w:document>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdHeader" Type="${REL}/header" Target="header1.xml"/><Relationship Id="rIdComments" Type="${REL}/comments" Target="comments.xml"/><Relationship Id="rIdCommentsEx" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/><Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="${REL}/settings" Target="settings.xml"/><Relationship Id="rIdImage" Type="${REL}/image" Target="media/image1.png"/><Relationship Id="rIdWorkbook" Type="${REL}/package" Target="embeddings/Workbook1.xlsx"/></Relationships>`,
    ),
    'word/header1.xml': strToU8(
      `<w:hdr xmlns:w="${W}"><w:p><w:commentRangeStart w:id="9"/>${run('Header kept')}<w:commentRangeEnd w:id="9"/>${run('Header hidden Hector', '<w:vanish/>')}</w:p></w:hdr>`,
    ),
    'word/comments.xml': strToU8(
      `<w:comments xmlns:w="${W}"><w:comment w:id="0" w:author="Commenter Cornelius" w:initials="CC"><w:p>${run('Comment names Wilhelmina')}</w:p></w:comment></w:comments>`,
    ),
    'word/_rels/comments.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/hyperlink" Target="https://example.org/Wilhelmina" TargetMode="External"/></Relationships>`,
    ),
    'word/commentsExtended.xml': strToU8(
      '<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1" w15:done="0"/></w15:commentsEx>',
    ),
    'word/people.xml': strToU8(
      '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Commenter Cornelius"/></w15:people>',
    ),
    'word/styles.xml': strToU8(
      `<w:styles xmlns:w="${W}"><w:style w:type="character" w:styleId="SecretBase"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="SecretNote"><w:basedOn w:val="SecretBase"/></w:style><w:style w:type="paragraph" w:styleId="HiddenParagraph"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="CommentReference"><w:rPr><w:sz w:val="16"/></w:rPr></w:style></w:styles>`,
    ),
    'word/settings.xml': strToU8(
      `<w:settings xmlns:w="${W}" xmlns:r="${R}"><w:trackRevisions/><w:attachedTemplate r:id="rIdTemplate"/><w:docVars><w:docVar w:name="caseOwner" w:val="Variable Valentina"/></w:docVars><w:defaultTabStop w:val="720"/></w:settings>`,
    ),
    'word/_rels/settings.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTemplate" Type="${REL}/attachedTemplate" Target="file:///C:/Users/Templeton/Templates/Review.dotm" TargetMode="External"/></Relationships>`,
    ),
    'word/media/image1.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]),
    'word/embeddings/Workbook1.xlsx': strToU8('Workbook naming Winifred'),
    'docProps/core.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Title Theodora</dc:title><dc:creator>Author Sebastian</dc:creator><cp:lastModifiedBy>Editor Evangeline</cp:lastModifiedBy><cp:keywords>Keyword Kasimir</cp:keywords></cp:coreProperties>',
    ),
    'docProps/app.xml': strToU8(
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>Company Cressida</Company><Manager>Manager Mordecai</Manager></Properties>',
    ),
    'docProps/custom.xml': strToU8(
      '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Case"><vt:lpwstr>Custom Cuthbert</vt:lpwstr></property></Properties>',
    ),
    'docProps/thumbnail.jpeg': strToU8('Thumbnail showing Thaddeus'),
  }
  return zipSync(files)
}

/** Every part of a zip as text, by name. */
function partsOf(bytes: Uint8Array): Map<string, string> {
  return new Map(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]))
}

const PLANTED_IN_DOCX = [
  'Wilhelmina',
  'Cornelius',
  'Rowena',
  'Desdemona',
  'Mortimer',
  'Hermione',
  'Hyacinth',
  'Horace',
  'Hector',
  'Rupert',
  'Theodora',
  'Sebastian',
  'Evangeline',
  'Kasimir',
  'Cressida',
  'Mordecai',
  'Cuthbert',
  'Thaddeus',
  'Winifred',
  'Templeton',
  'Valentina',
]

describe('the public copy of a Word document', () => {
  it('has no comments, tracked changes, hidden text or properties, keeps the text and accepts the insertions', async () => {
    const original = plantedDocx()
    const originalText = [...partsOf(original).values()].join('\n')
    for (const word of PLANTED_IN_DOCX) assert.match(originalText, new RegExp(word))

    const result = await makePublicCopy('docx', original)
    const copy = copyOf(result)
    assert.equal(
      result.ok && result.mediaType,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    assert.deepEqual(copy.removed, [
      'comments',
      'tracked changes',
      'hidden text',
      'document properties',
      'document variables',
      'embedded files',
      'thumbnail',
    ])

    const parts = partsOf(copy.bytes)
    const everything = [...parts.entries()].map(([name, text]) => `${name}\n${text}`).join('\n')
    for (const word of PLANTED_IN_DOCX) assert.doesNotMatch(everything, new RegExp(word), word)
    for (const gone of [
      'word/comments.xml',
      'word/_rels/comments.xml.rels',
      'word/commentsExtended.xml',
      'word/people.xml',
      'docProps/custom.xml',
      'docProps/thumbnail.jpeg',
      'word/embeddings/Workbook1.xlsx',
    ]) {
      assert.equal(parts.has(gone), false, gone)
    }
    assert.doesNotMatch(parts.get('[Content_Types].xml') ?? '', /comments|people|custom\.xml/)
    assert.doesNotMatch(parts.get('word/_rels/document.xml.rels') ?? '', /comments|people|Workbook/)
    assert.doesNotMatch(parts.get('_rels/.rels') ?? '', /custom\.xml|thumbnail/)
    assert.doesNotMatch(
      parts.get('word/settings.xml') ?? '',
      /trackRevisions|docVars|attachedTemplate/,
    )
    assert.match(parts.get('word/settings.xml') ?? '', /defaultTabStop/)
    // The embedded workbook's picture stays; its link to the workbook goes.
    assert.match(parts.get('word/document.xml') ?? '', /r:id="rIdImage"/)
    assert.doesNotMatch(parts.get('word/document.xml') ?? '', /OLEObject|rIdWorkbook/)
    assert.equal(parts.get('word/media/image1.png')?.length, 7)

    const sections = extractDocxSections(copy.bytes)
    assert.ok(sections.ok, JSON.stringify(sections))
    assert.deepEqual(
      sections.sections.map((section) => section.location),
      ['body', 'header'],
    )
    const body = sections.sections[0]?.text ?? ''
    for (const kept of [
      'Body text kept.',
      'The family moved.',
      'The child Inserted Ignatius was seen.',
      'Moved to Maximilian',
      'Formatted text',
      'Shown text Shown again',
      'Row kept',
    ]) {
      assert.ok(body.includes(kept), kept)
    }
    assert.equal(sections.sections[1]?.text, 'Header kept')
  })

  it('keeps a document made by the docx library readable, taking out only its properties', async () => {
    const { Document, Footer, Packer, Paragraph } = await import('docx')
    const original = await Packer.toBuffer(
      new Document({
        title: 'About Octavia',
        creator: 'Reviewer Aurelia',
        sections: [
          {
            footers: { default: new Footer({ children: [new Paragraph('Footer kept')] }) },
            children: [new Paragraph('Zoë & Tom <met> the "family".')],
          },
        ],
      }),
    )
    const copy = copyOf(await makePublicCopy('docx', new Uint8Array(original)))
    assert.deepEqual(copy.removed, ['document properties'])
    const sections = extractDocxSections(copy.bytes)
    assert.ok(sections.ok)
    assert.deepEqual(
      sections.sections.map((section) => [section.location, section.text]),
      [
        ['body', 'Zoë & Tom <met> the "family".'],
        ['footer', 'Footer kept'],
      ],
    )
    assert.doesNotMatch([...partsOf(copy.bytes).values()].join('\n'), /Octavia|Aurelia/)
  })

  it('cleans WordprocessingML written with another prefix for its namespace', async () => {
    const original = buildDocx(
      {},
      {
        'word/document.xml': strToU8(
          `<ns0:document xmlns:ns0="${W}"><ns0:body><ns0:p><ns0:r><ns0:t>Visible Vivian</ns0:t></ns0:r><ns0:r><ns0:rPr><ns0:vanish/></ns0:rPr><ns0:t>Hidden Hermione</ns0:t></ns0:r><ns0:del ns0:id="1" ns0:author="Reviewer Rowena"><ns0:r><ns0:delText>Deleted Desdemona</ns0:delText></ns0:r></ns0:del></ns0:p></ns0:body></ns0:document>`,
        ),
      },
    )
    const copy = copyOf(await makePublicCopy('docx', original))
    const document = partsOf(copy.bytes).get('word/document.xml') ?? ''
    assert.match(document, /Visible Vivian/)
    assert.doesNotMatch(document, /Hermione|Desdemona|Rowena/)
    assert.ok(copy.removed.includes('hidden text'))
    assert.ok(copy.removed.includes('tracked changes'))
  })

  it('takes out a comment from a document built as the redaction check’s fixtures are', async () => {
    const copy = copyOf(
      await makePublicCopy(
        'docx',
        buildDocx({
          comment: 'Comment names Wilhelmina',
          insertion: 'Inserted Ignatius',
          deletion: 'Deleted Desdemona',
        }),
      ),
    )
    assert.deepEqual(copy.removed, ['comments', 'tracked changes', 'document properties'])
    const sections = extractDocxSections(copy.bytes)
    assert.ok(sections.ok)
    const text = sections.sections.map((section) => section.text).join('\n')
    assert.match(text, /The child Inserted Ignatius was seen\./)
    assert.doesNotMatch(text, /Wilhelmina|Desdemona/)
  })
})

describe('a Word document that cannot be copied safely gives a reason, never a throw', () => {
  it('refuses something that is not a zip, or a zip without a document', async () => {
    for (const bytes of [strToU8('not a zip'), zipSync({ 'readme.txt': strToU8('hello') })]) {
      const result = await makePublicCopy('docx', bytes)
      assert.equal(result.ok ? '' : result.reason, 'unreadable')
    }
  })

  it('refuses a zip bomb under the redaction check’s caps', async () => {
    const bomb = zipSync(
      { 'word/document.xml': new Uint8Array(200 * 1024 * 1024).fill(32) },
      { level: 9 },
    )
    const result = await makePublicCopy('docx', bomb)
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
    assert.match(result.ok ? '' : result.message, /zip bomb/)
  })

  it('refuses a part with a document type declaration', async () => {
    const result = await makePublicCopy(
      'docx',
      buildDocx(
        {},
        {
          'word/styles.xml': strToU8(
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><w:styles xmlns:w="w"/>',
          ),
        },
      ),
    )
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
    assert.match(result.ok ? '' : result.message, /document type declaration/)
  })

  it('refuses a document whose XML is broken', async () => {
    const result = await makePublicCopy(
      'docx',
      buildDocx({}, { 'word/document.xml': strToU8('<w:document><w:body><w:p>') }),
    )
    // The parser would mend it; the copy is of what the author saved, or none.
    assert.equal(result.ok ? '' : result.reason, 'unreadable')
    assert.match(result.ok ? '' : result.message, /could not be read/)
  })
})
