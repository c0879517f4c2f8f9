// A seven-minute briefing as an accessible PDF (issue 9): tagged, with a
// structure tree of headings (H1, H2), paragraphs (P) and lists (L, LI) in
// reading order; the title in the metadata and shown in the window title; the
// language set to British English; and a TrueType font embedded (PDF/UA and
// WCAG want every font embedded, and pdfkit's 14 standard fonts are not). The
// font is DejaVu Sans, shipped beside this file with its licence, so the
// output does not depend on the machine's fonts. A briefing is one or two A4
// pages: a long one is set a little smaller, down to 9 points, to stay on two.
import { readFileSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import type { BriefingDocument } from './briefing-document.js'

const FONTS_DIRECTORY = new URL('./fonts/', import.meta.url)
let fonts: { regular: Buffer; bold: Buffer } | undefined

function fontFiles(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(new URL('DejaVuSans.ttf', FONTS_DIRECTORY)),
    bold: readFileSync(new URL('DejaVuSans-Bold.ttf', FONTS_DIRECTORY)),
  }
  return fonts
}

/** Body text sizes tried in turn until the briefing fits on two pages. */
const BODY_SIZES = [11, 10.5, 10, 9.5, 9] as const
export const MOST_PAGES = 2

type Doc = PDFKit.PDFDocument

export async function renderBriefingPdf(
  briefing: BriefingDocument,
  createdAt: Date,
): Promise<Buffer> {
  let last: { pdf: Buffer; pages: number } | undefined
  for (const size of BODY_SIZES) {
    last = await render(briefing, createdAt, size)
    if (last.pages <= MOST_PAGES) return last.pdf
    // From 11 to 9 points a page holds about half as much again: a briefing
    // longer than that at the first size will not fit at any, so go straight
    // to the smallest rather than render every size in between.
    if (size === BODY_SIZES[0] && last.pages > MOST_PAGES * 1.5) {
      return (await render(briefing, createdAt, BODY_SIZES.at(-1)!)).pdf
    }
  }
  // The section limits keep a briefing within two pages at 9 points; if one
  // still runs over, a third page is better than refusing the download.
  return last!.pdf
}

function render(
  briefing: BriefingDocument,
  createdAt: Date,
  bodySize: number,
): Promise<{ pdf: Buffer; pages: number }> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 48, left: 54, right: 54 },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    autoFirstPage: true,
    info: {
      Title: briefing.title,
      Author: briefing.author,
      Subject: 'Seven-minute briefing',
      CreationDate: createdAt,
    },
  })
  const { regular, bold } = fontFiles()
  doc.registerFont('Body', regular)
  doc.registerFont('Bold', bold)
  let pages = 1
  doc.on('pageAdded', () => {
    pages += 1
  })
  const chunks: Buffer[] = []
  const done = new Promise<{ pdf: Buffer; pages: number }>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), pages }))
    doc.on('error', reject)
  })

  const gap = bodySize * 0.35
  const root = doc.struct('Document')
  doc.addStructure(root)
  root.add(
    doc.struct('H1', {}, () => {
      doc
        .font('Bold')
        .fontSize(bodySize + 8)
        .fillColor('#0b0c0c')
        .text(briefing.title)
    }),
  )
  root.add(
    doc.struct('P', {}, () => {
      doc.moveDown(0.2).font('Body').fontSize(bodySize).fillColor('#505a5f').text(briefing.subtitle)
      doc.fillColor('#0b0c0c')
    }),
  )
  for (const section of briefing.sections) {
    const sect = doc.struct('Sect')
    root.add(sect)
    sect.add(
      doc.struct('H2', {}, () => {
        doc
          .moveDown(0.6)
          .font('Bold')
          .fontSize(bodySize + 3)
          .text(section.heading)
        doc.moveDown(0.15)
      }),
    )
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') {
        sect.add(
          doc.struct('P', {}, () => {
            doc.font('Body').fontSize(bodySize).text(block.text, { paragraphGap: gap })
          }),
        )
        continue
      }
      const list = doc.struct('L')
      sect.add(list)
      for (const item of block.items) {
        list.add(
          doc.struct('LI', {}, () => {
            writeListItem(doc, item, bodySize, gap)
          }),
        )
      }
      list.end()
    }
    sect.end()
  }
  root.end()
  doc.end()
  return done
}

/** A bullet and its text, the text's lines indented past the bullet. */
function writeListItem(doc: Doc, item: string, bodySize: number, gap: number): void {
  const left = doc.page.margins.left
  const indent = bodySize * 1.2
  const y = doc.y
  doc.font('Body').fontSize(bodySize).text('•', left, y, { lineBreak: false })
  doc.text(item, left + indent, y, {
    width: doc.page.width - doc.page.margins.right - left - indent,
    paragraphGap: gap * 0.6,
  })
  doc.x = left
}
