// Reads the text of a Word document (.docx) from every place a reader can get
// at it, for the redaction check (S17): the body and its tables, text boxes,
// headers, footers, footnotes, endnotes, comments, tracked insertions and
// deletions (a deletion is still in the file, one click from being read), and
// the document properties.
//
// A .docx is a zip, and a zip can be a bomb: a few kilobytes that inflate to
// gigabytes, or millions of entries. The archive is read as a stream, counting
// entries and the bytes each really inflates to (never trusting the sizes the
// archive declares), and a file that breaks a cap is refused with a reason.
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate'
import { XMLParser } from 'fast-xml-parser'
import type { LocationKind, TextSection } from '../../domain/redaction/redaction-check.js'

export interface DocxLimits {
  readonly maxEntries: number
  /** Inflated bytes of one entry. */
  readonly maxEntryBytes: number
  /** Inflated bytes of every entry read. */
  readonly maxTotalBytes: number
  /** Inflated to compressed bytes, for an entry of more than a megabyte. */
  readonly maxCompressionRatio: number
  readonly maxTextLength: number
}

export const DEFAULT_DOCX_LIMITS: DocxLimits = {
  // A long report with many images has a few hundred entries.
  maxEntries: 1000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 128 * 1024 * 1024,
  // Word's XML compresses about 10:1; a bomb is hundreds or thousands to one.
  maxCompressionRatio: 100,
  maxTextLength: 2_000_000,
}

export type DocxReadFailure = {
  ok: false
  reason: 'not-a-docx' | 'too-many-entries' | 'too-large' | 'compression-ratio' | 'unreadable'
  /** A sentence for the person who uploaded it. */
  message: string
}

export type DocxSectionsResult = { ok: true; sections: TextSection[] } | DocxReadFailure

class CapBroken extends Error {
  constructor(readonly failure: DocxReadFailure) {
    super(failure.message)
  }
}

const MB = 1024 * 1024
const FEED_BYTES = 16 * 1024

/** The parts that hold text, and where a reader finds each. */
function locationOfPart(name: string): LocationKind | null {
  if (name === 'word/document.xml') return 'body'
  if (/^word\/header\d*\.xml$/.test(name)) return 'header'
  if (/^word\/footer\d*\.xml$/.test(name)) return 'footer'
  if (name === 'word/footnotes.xml') return 'footnote'
  if (name === 'word/endnotes.xml') return 'endnote'
  if (name === 'word/comments.xml' || name === 'word/commentsExtended.xml') return 'comment'
  if (
    name === 'docProps/core.xml' ||
    name === 'docProps/app.xml' ||
    name === 'docProps/custom.xml'
  ) {
    return 'properties'
  }
  return null
}

export const UNREADABLE_DOCX: DocxReadFailure = {
  ok: false,
  reason: 'unreadable',
  message:
    'The selected Word document could not be read. It may be damaged: save it again from Word and upload it again',
}

/**
 * Unzips the parts `wanted` keeps, enforcing every cap on them as the bytes
 * arrive: the text parts for the redaction check, every part for the public
 * copy (docx-public-copy.ts).
 */
export function readDocxParts(
  bytes: Uint8Array,
  limits: DocxLimits,
  wanted: (name: string) => boolean,
): { ok: true; parts: Map<string, Uint8Array> } | DocxReadFailure {
  try {
    return { ok: true, parts: readParts(bytes, limits, wanted) }
  } catch (error) {
    if (error instanceof CapBroken) return error.failure
    return UNREADABLE_DOCX
  }
}

/**
 * A part with a document type declaration is refused before parsing, so no
 * entity can be defined or fetched.
 */
export function declaresDocumentType(xml: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(xml)
}

export const DOCUMENT_TYPE_REFUSAL: DocxReadFailure = {
  ok: false,
  reason: 'unreadable',
  message:
    'The selected Word document contains XML that Word does not write (a document type declaration), so it cannot be read safely. Save it again from Word and upload it again',
}

export const NOT_A_DOCX: DocxReadFailure = {
  ok: false,
  reason: 'not-a-docx',
  message: 'The selected file is not a Word document (.docx). Save it again from Word as a .docx',
}

/** Unzips the parts `wanted` keeps, enforcing every cap as the bytes arrive. */
function readParts(
  bytes: Uint8Array,
  limits: DocxLimits,
  wanted: (name: string) => boolean,
): Map<string, Uint8Array> {
  const parts = new Map<string, Uint8Array>()
  let entries = 0
  let total = 0
  const unzip = new Unzip((file: UnzipFile) => {
    entries += 1
    if (entries > limits.maxEntries) {
      throw new CapBroken({
        ok: false,
        reason: 'too-many-entries',
        message: `The selected Word document has more than ${limits.maxEntries} parts inside it, so it cannot be read safely. Save it again from Word and upload it again`,
      })
    }
    if (!wanted(file.name)) return
    const chunks: Uint8Array[] = []
    let inflated = 0
    file.ondata = (error, chunk, final) => {
      if (error) throw error
      inflated += chunk.length
      total += chunk.length
      const compressed = file.size ?? bytes.length
      if (inflated > MB && inflated / Math.max(1, compressed) > limits.maxCompressionRatio) {
        throw new CapBroken({
          ok: false,
          reason: 'compression-ratio',
          message:
            'The selected Word document unpacks to far more than its size, as a “zip bomb” does, so it cannot be read safely. Save it again from Word and upload it again',
        })
      }
      if (inflated > limits.maxEntryBytes || total > limits.maxTotalBytes) {
        throw new CapBroken({
          ok: false,
          reason: 'too-large',
          message: `The selected Word document's text is larger than ${Math.round(limits.maxEntryBytes / MB)} MB when unpacked, so it cannot be read safely. Split it into smaller documents, or save it as a PDF`,
        })
      }
      chunks.push(chunk)
      if (final) parts.set(file.name, concatenate(chunks, inflated))
    }
    file.start()
  })
  unzip.register(UnzipInflate)
  // Fed a little at a time, so one inflated chunk is at most about 16 MB
  // (deflate's ratio is at most about 1000:1) before a cap is checked.
  for (let offset = 0; offset < bytes.length; offset += FEED_BYTES) {
    unzip.push(bytes.subarray(offset, offset + FEED_BYTES), offset + FEED_BYTES >= bytes.length)
  }
  if (bytes.length === 0) unzip.push(bytes, true)
  return parts
}

function concatenate(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length)
  let offset = 0
  for (const chunk of chunks) {
    joined.set(chunk, offset)
    offset += chunk.length
  }
  return joined
}

type XmlNode = Record<string, unknown>

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  // Default entities (&amp; and character references) only: a part with a
  // DOCTYPE is refused before parsing, so no entity can be defined or fetched.
  processEntities: true,
  trimValues: false,
  parseTagValue: false,
})

/** Collects text by where a reader finds it, a line break after each paragraph. */
class TextCollector {
  readonly texts = new Map<LocationKind, string>()
  add(location: LocationKind, text: string): void {
    this.texts.set(location, (this.texts.get(location) ?? '') + text)
  }
  endParagraph(): void {
    for (const [location, text] of this.texts) {
      if (text !== '' && !text.endsWith('\n')) this.texts.set(location, `${text}\n`)
    }
  }
}

function childrenOf(node: XmlNode): [string, unknown][] {
  return Object.entries(node).filter(([key]) => key !== ':@')
}

/** Walks WordprocessingML: w:t is text, w:delText deleted text; w:ins/w:del and text boxes say where. */
function walk(nodes: unknown, location: LocationKind, collector: TextCollector): void {
  if (!Array.isArray(nodes)) return
  for (const node of nodes as XmlNode[]) {
    for (const [tag, value] of childrenOf(node)) {
      if (tag === '#text') continue
      switch (tag) {
        case 'w:t':
        case 'w:delText':
        case 'w:instrText':
          collector.add(location, textOfLeaf(value))
          break
        case 'w:tab':
          collector.add(location, '\t')
          break
        case 'w:br':
        case 'w:cr':
          collector.add(location, '\n')
          break
        case 'w:ins':
        case 'w:del':
        case 'w:moveFrom':
        case 'w:moveTo':
          walk(value, 'tracked change', collector)
          // Each change on its own: an insertion next to a deletion is not one word.
          collector.add('tracked change', ' ')
          break
        case 'w:txbxContent':
          walk(value, location === 'body' ? 'text box' : location, collector)
          break
        // Word writes a text box twice (DrawingML and a VML copy for old readers).
        case 'mc:Fallback':
          break
        case 'w:p':
          walk(value, location, collector)
          collector.endParagraph()
          break
        case 'w:tc':
          walk(value, location, collector)
          collector.add(location, '\t')
          break
        default:
          walk(value, location, collector)
      }
    }
  }
}

function textOfLeaf(value: unknown): string {
  if (!Array.isArray(value)) return ''
  return (value as XmlNode[])
    .map((item) => (typeof item['#text'] === 'string' ? item['#text'] : ''))
    .join('')
}

const PROPERTY_LABELS: Readonly<Record<string, string>> = {
  'dc:title': 'Title',
  'dc:subject': 'Subject',
  'dc:creator': 'Author',
  'cp:keywords': 'Keywords',
  'dc:description': 'Description',
  'cp:lastModifiedBy': 'Last modified by',
  'cp:category': 'Category',
  Company: 'Company',
  Manager: 'Manager',
}

/** Every property value, labelled where we know the property's name. */
function propertiesOf(nodes: unknown, lines: string[]): void {
  if (!Array.isArray(nodes)) return
  for (const node of nodes as XmlNode[]) {
    for (const [tag, value] of childrenOf(node)) {
      if (tag === '#text') continue
      const children = Array.isArray(value) ? (value as XmlNode[]) : []
      const leaf = children.length > 0 && children.every((child) => '#text' in child)
      if (leaf) {
        const text = textOfLeaf(value).trim()
        if (text !== '') lines.push(`${PROPERTY_LABELS[tag] ?? tag.replace(/^\w+:/, '')}: ${text}`)
      } else {
        propertiesOf(value, lines)
      }
    }
  }
}

export function extractDocxSections(
  bytes: Uint8Array,
  limitsGiven: Partial<DocxLimits> = {},
): DocxSectionsResult {
  const limits: DocxLimits = { ...DEFAULT_DOCX_LIMITS, ...limitsGiven }
  const read = readDocxParts(bytes, limits, (name) => locationOfPart(name) !== null)
  if (!read.ok) return read
  const parts = read.parts
  if (!parts.has('word/document.xml')) return NOT_A_DOCX
  const byLocation = new Map<LocationKind, string[]>()
  // Headers, footers and the rest in a stable order, whatever the zip's order.
  for (const name of [...parts.keys()].sort()) {
    const location = locationOfPart(name)
    if (location === null) continue
    const xml = new TextDecoder().decode(parts.get(name))
    if (declaresDocumentType(xml)) return DOCUMENT_TYPE_REFUSAL
    let parsed: unknown
    try {
      parsed = parser.parse(xml)
    } catch {
      return UNREADABLE_DOCX
    }
    if (location === 'properties') {
      const lines: string[] = []
      propertiesOf(parsed, lines)
      byLocation.set(location, [...(byLocation.get(location) ?? []), lines.join('\n')])
      continue
    }
    const collector = new TextCollector()
    walk(parsed, location, collector)
    for (const [where, text] of collector.texts) {
      byLocation.set(where, [...(byLocation.get(where) ?? []), text])
    }
  }
  const order: LocationKind[] = [
    'body',
    'text box',
    'tracked change',
    'header',
    'footer',
    'footnote',
    'endnote',
    'comment',
    'properties',
  ]
  const sections: TextSection[] = []
  let length = 0
  for (const location of order) {
    const text = (byLocation.get(location) ?? []).join('\n').trim()
    if (text === '' || length >= limits.maxTextLength) continue
    const kept = text.slice(0, limits.maxTextLength - length)
    length += kept.length
    sections.push({ location, page: null, text: kept })
  }
  return { ok: true, sections }
}
