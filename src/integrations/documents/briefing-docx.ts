// A seven-minute briefing as a Word document (issue 9): the title in the Title
// style and the sections in Heading 1, so the navigation pane and screen
// readers see the structure; bullet lists as real lists; the title in the
// document properties and the language British English.
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import type { BriefingDocument } from './briefing-document.js'

export function renderBriefingDocx(briefing: BriefingDocument): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ text: briefing.title, heading: HeadingLevel.TITLE }),
    new Paragraph({
      children: [new TextRun({ text: briefing.subtitle, color: '505A5F' })],
      spacing: { after: 240 },
    }),
  ]
  for (const section of briefing.sections) {
    children.push(new Paragraph({ text: section.heading, heading: HeadingLevel.HEADING_1 }))
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') {
        children.push(new Paragraph({ text: block.text, spacing: { after: 120 } }))
      } else {
        for (const item of block.items) {
          children.push(new Paragraph({ text: item, bullet: { level: 0 } }))
        }
      }
    }
  }
  const document = new Document({
    title: briefing.title,
    subject: 'Seven-minute briefing',
    creator: briefing.author,
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 24, language: { value: 'en-GB' } } },
      },
    },
    sections: [{ children }],
  })
  return Packer.toBuffer(document)
}
