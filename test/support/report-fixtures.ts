// Report files for the redaction check's tests (S17): PDFs and Word documents
// with a detail planted in each place a reader can find text, and clean ones.
// Built with the real libraries (pdf-lib, pdfkit, fflate) so they are the files
// people upload, not imitations. Details are invented (the seed's pseudonyms
// never name a real child).
import { strToU8, zipSync, type Zippable } from 'fflate'
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib'

/** Where a planted detail goes in a PDF. */
export interface PdfPlanting {
  readonly pages?: readonly string[]
  readonly footer?: string
  readonly annotation?: { readonly author: string; readonly contents: string }
  readonly formField?: string
  readonly title?: string
  readonly author?: string
  readonly xmpDescription?: string
}

export async function buildPdf(planting: PdfPlanting): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const pages = planting.pages ?? ['Learning from the review of Child A.']
  for (const text of pages) {
    const page = pdf.addPage([595, 842])
    text.split('\n').forEach((line, index) => {
      page.drawText(line, { x: 50, y: 780 - index * 16, size: 11, font })
    })
    if (planting.footer) page.drawText(planting.footer, { x: 50, y: 30, size: 9, font })
  }
  const first = pdf.getPage(0)
  if (planting.annotation) {
    const annotation = pdf.context.obj({
      Type: 'Annot',
      Subtype: 'Text',
      Rect: [400, 700, 420, 720],
      Contents: PDFHexString.fromText(planting.annotation.contents),
      T: PDFHexString.fromText(planting.annotation.author),
    })
    first.node.set(PDFName.of('Annots'), pdf.context.obj([pdf.context.register(annotation)]))
  }
  if (planting.formField) {
    const field = pdf.getForm().createTextField('child.name')
    field.setText(planting.formField)
    field.addToPage(first, { x: 50, y: 600, width: 200, height: 20, font })
  }
  pdf.setTitle(planting.title ?? 'Local child safeguarding practice review')
  pdf.setAuthor(planting.author ?? 'Independent reviewer')
  pdf.setProducer('report-fixtures')
  pdf.setCreator('report-fixtures')
  if (planting.xmpDescription) {
    const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${planting.xmpDescription}</rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`
    const stream = pdf.context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })
    pdf.catalog.set(PDFName.of('Metadata'), pdf.context.register(stream))
  }
  return pdf.save({ useObjectStreams: false })
}

/** Where a planted detail goes in a Word document. */
export interface DocxPlanting {
  readonly body?: readonly string[]
  readonly tableCell?: string
  readonly header?: string
  readonly footer?: string
  readonly footnote?: string
  readonly endnote?: string
  readonly comment?: string
  readonly insertion?: string
  readonly deletion?: string
  readonly textBox?: string
  readonly title?: string
  readonly subject?: string
  readonly creator?: string
  readonly keywords?: string
  readonly description?: string
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const NAMESPACES = `xmlns:w="${W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"`

const paragraph = (text: string) =>
  `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`

/**
 * A .docx assembled part by part, as Word writes them: body, table, header,
 * footer, footnote, endnote, comment, tracked insertion and deletion, a text
 * box (with Word's VML fallback copy) and the core properties.
 */
export function buildDocx(planting: DocxPlanting, extraEntries: Zippable = {}): Uint8Array {
  const body: string[] = (planting.body ?? ['Learning from the review of Child A.']).map(paragraph)
  if (planting.tableCell) {
    body.push(
      `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Agency</w:t></w:r></w:p></w:tc><w:tc>${paragraph(planting.tableCell)}</w:tc></w:tr></w:tbl>`,
    )
  }
  if (planting.footnote) {
    body.push(
      '<w:p><w:r><w:t>See the note.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>',
    )
  }
  if (planting.endnote) {
    body.push(
      '<w:p><w:r><w:t>See the end.</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r></w:p>',
    )
  }
  if (planting.comment) {
    body.push(
      '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>The family moved.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>',
    )
  }
  if (planting.insertion || planting.deletion) {
    body.push(
      `<w:p><w:r><w:t xml:space="preserve">The child </w:t></w:r>${
        planting.insertion
          ? `<w:ins w:id="1" w:author="Reviewer" w:date="2024-01-01T00:00:00Z"><w:r><w:t>${escapeXml(planting.insertion)}</w:t></w:r></w:ins>`
          : ''
      }${
        planting.deletion
          ? `<w:del w:id="2" w:author="Reviewer" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>${escapeXml(planting.deletion)}</w:delText></w:r></w:del>`
          : ''
      }<w:r><w:t xml:space="preserve"> was seen.</w:t></w:r></w:p>`,
    )
  }
  if (planting.textBox) {
    const box = `<w:txbxContent>${paragraph(planting.textBox)}</w:txbxContent>`
    body.push(
      `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>${box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>${box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
    )
  }
  const relationships: string[] = []
  const overrides: string[] = []
  const files: Zippable = {}
  const part = (name: string, type: string, relType: string, xml: string, id: string) => {
    files[`word/${name}`] = strToU8(xml)
    relationships.push(
      `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${relType}" Target="${name}"/>`,
    )
    overrides.push(
      `<Override PartName="/word/${name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.${type}+xml"/>`,
    )
  }
  let sectionReferences = ''
  if (planting.header) {
    part(
      'header1.xml',
      'header',
      'header',
      `<w:hdr ${NAMESPACES}>${paragraph(planting.header)}</w:hdr>`,
      'rIdHeader',
    )
    sectionReferences += '<w:headerReference w:type="default" r:id="rIdHeader"/>'
  }
  if (planting.footer) {
    part(
      'footer1.xml',
      'footer',
      'footer',
      `<w:ftr ${NAMESPACES}>${paragraph(planting.footer)}</w:ftr>`,
      'rIdFooter',
    )
    sectionReferences += '<w:footerReference w:type="default" r:id="rIdFooter"/>'
  }
  if (planting.footnote) {
    part(
      'footnotes.xml',
      'footnotes',
      'footnotes',
      `<w:footnotes ${NAMESPACES}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">${paragraph(planting.footnote)}</w:footnote></w:footnotes>`,
      'rIdFootnotes',
    )
  }
  if (planting.endnote) {
    part(
      'endnotes.xml',
      'endnotes',
      'endnotes',
      `<w:endnotes ${NAMESPACES}><w:endnote w:id="1">${paragraph(planting.endnote)}</w:endnote></w:endnotes>`,
      'rIdEndnotes',
    )
  }
  if (planting.comment) {
    part(
      'comments.xml',
      'comments',
      'comments',
      `<w:comments ${NAMESPACES}><w:comment w:id="0" w:author="Reviewer" w:initials="R">${paragraph(planting.comment)}</w:comment></w:comments>`,
      'rIdComments',
    )
  }
  files['word/document.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NAMESPACES}><w:body>${body.join('')}<w:sectPr>${sectionReferences}</w:sectPr></w:body></w:document>`,
  )
  files['word/_rels/document.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships.join('')}</Relationships>`,
  )
  const property = (tag: string, value: string | undefined) =>
    value === undefined ? '' : `<${tag}>${escapeXml(value)}</${tag}>`
  files['docProps/core.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">${property('dc:title', planting.title ?? 'Practice review report')}${property('dc:subject', planting.subject)}${property('dc:creator', planting.creator ?? 'Independent reviewer')}${property('cp:keywords', planting.keywords)}${property('dc:description', planting.description)}</cp:coreProperties>`,
  )
  files['_rels/.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
  )
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>${overrides.join('')}</Types>`,
  )
  return zipSync({ ...files, ...extraEntries })
}
