import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PDFDocument } from 'pdf-lib'
import { BRIEFING_SECTIONS, briefingBlocks } from '../../domain/briefings/briefing.js'
import { renderBriefingPdf } from './briefing-pdf.js'

/** Every section with as many lines as it may have, each as long as fits: the longest a briefing lays out. */
function fullBriefing(line: string) {
  return {
    title: 'Seven-minute briefing: a review at every limit',
    subtitle: 'A partnership · draft',
    author: 'A partnership',
    sections: BRIEFING_SECTIONS.map((section, index) => {
      const count = Math.min(section.mostLines, Math.floor(section.limit / (line.length + 1)))
      const lines = Array.from({ length: count }, () => line)
      const text = lines.join('\n')
      assert.ok(text.length <= section.limit)
      return { heading: `${index + 1}. ${section.heading}`, blocks: briefingBlocks(text) }
    }),
  }
}

describe('the briefing PDF', () => {
  it('keeps a briefing at every limit on two A4 pages, in short bullet points or long paragraphs', async () => {
    for (const line of [
      '- a short list item of forty characters',
      '- a bullet point of about one hundred and twenty characters, long enough to wrap onto a second line of the page',
      'A paragraph. '.repeat(40).trim(),
    ]) {
      const pdf = await PDFDocument.load(await renderBriefingPdf(fullBriefing(line), new Date(0)))
      assert.ok(
        pdf.getPageCount() <= 2,
        `${pdf.getPageCount()} pages for lines like "${line.slice(0, 20)}"`,
      )
      assert.equal(Math.round(pdf.getPage(0).getWidth()), 595)
    }
  })
})
