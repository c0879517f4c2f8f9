// Lays a case document out as a Word document with real headings (so the
// navigation pane and screen readers see the structure), label/value pairs as
// paragraphs, and tables with a repeated header row.
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import {
  fieldValue,
  paragraphsOf,
  NOT_RECORDED,
  type CaseDocument,
  type CaseDocumentBlock,
} from './case-document.js'

export function renderCaseDocumentDocx(document: CaseDocument): Promise<Buffer> {
  const children: (Paragraph | Table)[] = []
  if (document.marking) {
    children.push(
      new Paragraph({
        children: [new TextRun({ text: document.marking, bold: true, color: 'D4351C' })],
      }),
    )
  }
  children.push(new Paragraph({ text: document.title, heading: HeadingLevel.TITLE }))
  if (document.subtitle) children.push(new Paragraph({ text: document.subtitle }))
  for (const section of document.sections) {
    children.push(new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }))
    for (const block of section.blocks) children.push(...blockOf(block))
  }
  const docx = new Document({
    title: document.title,
    subject: document.subtitle ?? document.title,
    creator: document.author,
    styles: { default: { document: { run: { font: 'Arial', size: 24 } } } },
    sections: [{ children }],
  })
  return Packer.toBuffer(docx)
}

function blockOf(block: CaseDocumentBlock): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'fields':
      return block.fields.flatMap((field) => [
        new Paragraph({ children: [new TextRun({ text: field.label, bold: true })] }),
        new Paragraph({ text: fieldValue(field.value), spacing: { after: 160 } }),
      ])
    case 'text': {
      const paragraphs = paragraphsOf(block.text)
      return (paragraphs.length > 0 ? paragraphs : [NOT_RECORDED]).map(
        (text) => new Paragraph({ text, spacing: { after: 120 } }),
      )
    }
    case 'list':
      if (block.items.length === 0) return [new Paragraph({ text: 'None recorded' })]
      return block.items.map((item) => new Paragraph({ text: item, bullet: { level: 0 } }))
    case 'table': {
      const caption = new Paragraph({
        children: [new TextRun({ text: block.caption, bold: true })],
      })
      if (block.rows.length === 0) return [caption, new Paragraph({ text: 'None recorded' })]
      const cell = (text: string, bold = false) =>
        new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
      return [
        caption,
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({
              tableHeader: true,
              children: block.headers.map((header) => cell(header, true)),
            }),
            ...block.rows.map(
              (row) => new TableRow({ children: row.map((value) => cell(fieldValue(value))) }),
            ),
          ],
        }),
        new Paragraph({ text: '' }),
      ]
    }
  }
}
