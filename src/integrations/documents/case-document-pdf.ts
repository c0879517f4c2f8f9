// Lays a case document out as a tagged PDF: a structure tree (H1, H2, P, L/LI,
// Table) so screen readers and the Panel's copy-and-paste get the reading order,
// a title in the metadata shown in the window title, and the document language.
// A standard font (Helvetica) keeps the file small and needs no font files.
import PDFDocument from 'pdfkit'
import {
  fieldValue,
  paragraphsOf,
  NOT_RECORDED,
  type CaseDocument,
  type CaseDocumentBlock,
} from './case-document.js'

const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'

type Doc = PDFKit.PDFDocument
type Struct = PDFKit.PDFStructureElement

export function renderCaseDocumentPdf(document: CaseDocument, now: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    font: FONT,
    info: {
      Title: document.title,
      Author: document.author,
      Subject: document.subtitle ?? document.title,
      CreationDate: now,
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const root = doc.struct('Document')
  doc.addStructure(root)
  if (document.marking) {
    root.add(
      doc.struct('P', {}, () => {
        doc
          .font(BOLD)
          .fontSize(10)
          .fillColor('#d4351c')
          .text(document.marking ?? '')
        doc.fillColor('black').moveDown(0.5)
      }),
    )
  }
  root.add(
    doc.struct('H1', {}, () => {
      doc.font(BOLD).fontSize(20).text(document.title)
    }),
  )
  if (document.subtitle) {
    root.add(
      doc.struct('P', {}, () => {
        doc
          .font(FONT)
          .fontSize(12)
          .text(document.subtitle ?? '')
      }),
    )
  }
  for (const section of document.sections) {
    const sect = doc.struct('Sect')
    root.add(sect)
    sect.add(
      doc.struct('H2', {}, () => {
        doc.moveDown(0.8).font(BOLD).fontSize(15).text(section.heading)
        doc.moveDown(0.3)
      }),
    )
    for (const block of section.blocks) addBlock(doc, sect, block)
    sect.end()
  }
  root.end()
  doc.end()
  return done
}

function addBlock(doc: Doc, parent: Struct, block: CaseDocumentBlock): void {
  switch (block.kind) {
    case 'fields':
      for (const field of block.fields) {
        parent.add(
          doc.struct('P', {}, () => {
            doc.font(BOLD).fontSize(11).text(field.label)
            doc.font(FONT).fontSize(11).text(fieldValue(field.value))
            doc.moveDown(0.4)
          }),
        )
      }
      return
    case 'text': {
      const paragraphs = paragraphsOf(block.text)
      for (const paragraph of paragraphs.length > 0 ? paragraphs : [NOT_RECORDED]) {
        parent.add(
          doc.struct('P', {}, () => {
            doc.font(FONT).fontSize(11).text(paragraph)
            doc.moveDown(0.4)
          }),
        )
      }
      return
    }
    case 'list': {
      if (block.items.length === 0) {
        parent.add(
          doc.struct('P', {}, () => void doc.font(FONT).fontSize(11).text('None recorded')),
        )
        return
      }
      const list = doc.struct('L')
      parent.add(list)
      for (const item of block.items) {
        list.add(
          doc.struct('LI', {}, () => {
            doc.font(FONT).fontSize(11).text(`•  ${item}`, { indent: 10 })
            doc.moveDown(0.2)
          }),
        )
      }
      list.end()
      return
    }
    case 'table': {
      // Rows as labelled lines: wide tables do not fit A4 columns, and a
      // reader hears each value with its column heading.
      parent.add(
        doc.struct('Caption', {}, () => {
          doc.font(BOLD).fontSize(11).text(block.caption)
          doc.moveDown(0.2)
        }),
      )
      if (block.rows.length === 0) {
        parent.add(
          doc.struct('P', {}, () => void doc.font(FONT).fontSize(11).text('None recorded')),
        )
        return
      }
      for (const row of block.rows) {
        parent.add(
          doc.struct('P', {}, () => {
            row.forEach((cell, index) => {
              doc
                .font(BOLD)
                .fontSize(10)
                .text(`${block.headers[index] ?? ''}: `, { continued: true })
              doc.font(FONT).fontSize(10).text(fieldValue(cell))
            })
            doc.moveDown(0.4)
          }),
        )
      }
      return
    }
  }
}
