// The text of a Word document or an Excel workbook, for search and for
// reading evidence without opening it (issue 10). Office files are zips of
// XML: fflate reads only the parts that hold text, and refuses parts that
// would unpack beyond a limit, so a zip bomb costs nothing.
import { unzipSync } from 'fflate'

/** The most a text part may unpack to: far beyond any real document's text. */
const MAX_PART_BYTES = 20 * 1024 * 1024
const MAX_TEXT_LENGTH = 2_000_000

export type OfficeTextResult = { ok: true; text: string } | { ok: false; reason: string }

const XML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith('#x') || entity.startsWith('#X')) {
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
    }
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10))
    return XML_ENTITIES[entity.toLowerCase()] ?? whole
  })
}

/** Paragraphs of a WordprocessingML body: the text runs (w:t) of each w:p. */
function wordText(xml: string): string {
  const paragraphs: string[] = []
  for (const paragraph of xml.split(/<\/w:p>/)) {
    const runs = [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((match) =>
      decodeXml(match[1] ?? ''),
    )
    const text = runs.join('')
    if (text.trim() !== '') paragraphs.push(text)
  }
  return paragraphs.join('\n')
}

/** A workbook's shared strings (the text cells); numbers carry no text worth keeping. */
function workbookText(xml: string): string {
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)]
    .map((item) =>
      [...(item[1] ?? '').matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)]
        .map((match) => decodeXml(match[1] ?? ''))
        .join(''),
    )
    .filter((text) => text.trim() !== '')
    .join('\n')
}

export function extractOfficeText(bytes: Uint8Array, kind: 'docx' | 'xlsx'): OfficeTextResult {
  const part = kind === 'docx' ? 'word/document.xml' : 'xl/sharedStrings.xml'
  let tooLarge = false
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (file.name !== part) return false
        if (file.originalSize > MAX_PART_BYTES) {
          tooLarge = true
          return false
        }
        return true
      },
    })
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'unreadable zip' }
  }
  if (tooLarge) return { ok: false, reason: `${part} is larger than the limit` }
  const content = files[part]
  // A workbook with numbers only has no shared strings: no text, not an error.
  if (content === undefined) {
    return kind === 'xlsx' ? { ok: true, text: '' } : { ok: false, reason: `no ${part}` }
  }
  // The declared size may lie; what was really unpacked decides.
  if (content.length > MAX_PART_BYTES) return { ok: false, reason: `${part} is too large` }
  const xml = new TextDecoder().decode(content)
  const text = kind === 'docx' ? wordText(xml) : workbookText(xml)
  return { ok: true, text: text.slice(0, MAX_TEXT_LENGTH) }
}
