// A seven-minute briefing as the PDF and .docx writers take it: the title, a
// line saying whose it is and when it was published, and seven headed sections
// of paragraphs and bullet lists (domain/briefings/briefing.ts reads the text).
import type { BriefingBlock } from '../../domain/briefings/briefing.js'

export interface BriefingDocument {
  /** "Seven-minute briefing: Child A Serious Case Review". */
  readonly title: string
  /** Whose briefing and when, or that it is a draft. */
  readonly subtitle: string
  /** The partnership, as the document's author. */
  readonly author: string
  readonly sections: readonly {
    readonly heading: string
    readonly blocks: readonly BriefingBlock[]
  }[]
}
