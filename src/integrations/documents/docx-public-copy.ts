// The public copy of a Word report (S17): the same document with what a reader
// could open besides the text taken out. Comments (and their authors) go;
// tracked changes are accepted, so a deletion is gone rather than one click
// from being read; hidden text is removed; the document properties are
// emptied, and the thumbnail (a picture of the first page as it was last
// saved), embedded files, custom XML data, document variables and macros go.
//
// A .docx is a zip of XML parts. It is read under the same caps as the
// redaction check reads it (docx-text.ts), every XML part we change is
// parsed keeping its order and written back, and every other part is copied
// as it was.
import { zipSync, type Zippable } from 'fflate'
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import {
  DEFAULT_DOCX_LIMITS,
  DOCUMENT_TYPE_REFUSAL,
  NOT_A_DOCX,
  UNREADABLE_DOCX,
  declaresDocumentType,
  extractDocxSections,
  readDocxParts,
  type DocxLimits,
  type DocxReadFailure,
} from './docx-text.js'

export type DocxPublicCopyResult =
  { ok: true; bytes: Uint8Array; removed: string[] } | DocxReadFailure

/** WordprocessingML, transitional (what Word writes) and strict. */
const WORD_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  'http://purl.oclc.org/ooxml/wordprocessingml/main',
])
const RELATIONSHIP_NAMESPACES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  'http://purl.oclc.org/ooxml/officeDocument/relationships',
])

/** The parts whose WordprocessingML is cleaned: text, styles, numbering and settings. */
function isWordPart(name: string): boolean {
  return (
    /^word\/(document|header\d*|footer\d*|footnotes|endnotes|styles|numbering|settings)\.xml$/.test(
      name,
    ) || /^word\/glossary\/(document|styles|numbering|settings)\.xml$/.test(name)
  )
}

/** Parts removed from the copy, and what a coordinator is told was removed. */
function removalOf(name: string): string | null {
  if (/^word\/(comments|commentsExtended|commentsIds|commentsExtensible)\.xml$/.test(name)) {
    return 'comments'
  }
  // The people who commented or changed the text.
  if (name === 'word/people.xml') return 'comments'
  if (name === 'docProps/custom.xml') return 'document properties'
  if (/^docProps\/thumbnail\.\w+$/.test(name)) return 'thumbnail'
  if (name.startsWith('word/embeddings/')) return 'embedded files'
  // SharePoint and other systems keep their own properties here.
  if (name.startsWith('customXml/')) return 'document properties'
  if (/^word\/vba(Project\.bin|Data\.xml)$/.test(name)) return 'macros'
  return null
}

// Relationship types removed wherever they point (a thumbnail may be anywhere;
// a template's path names the author's folders).
const REMOVED_RELATIONSHIP_TYPES: ReadonlyMap<string, string> = new Map([
  ['/metadata/thumbnail', 'thumbnail'],
  ['/attachedTemplate', 'document properties'],
])

type XmlNode = Record<string, unknown>

const xmlOptions = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Text and attribute values are kept exactly as written, entities and all,
  // so what is written back is what was read.
  processEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: '#comment',
  cdataPropName: '#cdata',
} as const
const parser = new XMLParser(xmlOptions)
const builder = new XMLBuilder({ ...xmlOptions, suppressEmptyNode: true, format: false })

function tagOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? ''
}

function childrenOf(node: XmlNode): XmlNode[] {
  const value = node[tagOf(node)]
  return Array.isArray(value) ? (value as XmlNode[]) : []
}

function attributesOf(node: XmlNode): Record<string, string> {
  const attributes = node[':@']
  return attributes && typeof attributes === 'object' ? (attributes as Record<string, string>) : {}
}

/** A copy of `node` with other children (text, having none, as it is). */
function withChildren(node: XmlNode, children: XmlNode[]): XmlNode {
  const tag = tagOf(node)
  return Array.isArray(node[tag]) ? { ...node, [tag]: children } : node
}

/**
 * The prefixes a part binds to a set of namespaces, anywhere in it (a prefix
 * bound to one of them anywhere counts everywhere: cleaning too much is safer
 * than too little). '' is the default namespace.
 */
function prefixesFor(nodes: XmlNode[], namespaces: ReadonlySet<string>): Set<string> {
  const prefixes = new Set<string>()
  const visit = (list: XmlNode[]) => {
    for (const node of list) {
      for (const [attribute, value] of Object.entries(attributesOf(node))) {
        if (!namespaces.has(value)) continue
        if (attribute === '@_xmlns') prefixes.add('')
        else if (attribute.startsWith('@_xmlns:')) prefixes.add(attribute.slice('@_xmlns:'.length))
      }
      visit(childrenOf(node))
    }
  }
  visit(nodes)
  return prefixes
}

/** Splits 'w:rPr' into its prefix and local name. */
function splitName(name: string): [string, string] {
  const colon = name.indexOf(':')
  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)]
}

/** Reads names in WordprocessingML whatever prefix the part gave it. */
class Word {
  constructor(private readonly prefixes: ReadonlySet<string>) {}
  /** The local name of a WordprocessingML element, or null for any other. */
  local(node: XmlNode): string | null {
    const [prefix, local] = splitName(tagOf(node))
    return this.prefixes.has(prefix) && !local.startsWith('#') && local !== '?xml' ? local : null
  }
  child(node: XmlNode, local: string): XmlNode | undefined {
    return childrenOf(node).find((child) => this.local(child) === local)
  }
  attribute(node: XmlNode, local: string): string | undefined {
    for (const [name, value] of Object.entries(attributesOf(node))) {
      const [prefix, attributeLocal] = splitName(name.slice(2))
      // Attributes are w:-prefixed in WordprocessingML (never the default namespace).
      if (attributeLocal === local && prefix !== '' && this.prefixes.has(prefix)) return value
    }
    return undefined
  }
  /**
   * Whether a run's properties turn a toggle on (w:vanish, w:specVanish),
   * off (w:val="false"), or say nothing (undefined).
   */
  toggle(properties: XmlNode | undefined, local: string): boolean | undefined {
    const element = properties ? this.child(properties, local) : undefined
    if (!element) return undefined
    const value = this.attribute(element, 'val')
    return value === undefined || !['false', '0', 'off'].includes(value)
  }
  hidden(properties: XmlNode | undefined): boolean | undefined {
    const vanish = this.toggle(properties, 'vanish')
    const special = this.toggle(properties, 'specVanish')
    if (vanish === true || special === true) return true
    return vanish ?? special
  }
}

/** Markers of comments and of tracked changes: removed, with nothing in them kept. */
const DROPPED = new Set([
  'commentRangeStart',
  'commentRangeEnd',
  'commentReference',
  // A deletion (of text, or the mark of a paragraph or row) accepted is gone.
  'del',
  'moveFrom',
  'moveFromRangeStart',
  'moveFromRangeEnd',
  'moveToRangeStart',
  'moveToRangeEnd',
  // The formatting before a change, with its author and date.
  'rPrChange',
  'pPrChange',
  'sectPrChange',
  'tblPrChange',
  'tblPrExChange',
  'tcPrChange',
  'trPrChange',
  'tblGridChange',
  'numberingChange',
  'cellIns',
  'cellMerge',
  'customXmlInsRangeStart',
  'customXmlInsRangeEnd',
  'customXmlDelRangeStart',
  'customXmlDelRangeEnd',
  'customXmlMoveFromRangeStart',
  'customXmlMoveFromRangeEnd',
  'customXmlMoveToRangeStart',
  'customXmlMoveToRangeEnd',
])
const COMMENT_MARKS = new Set(['commentRangeStart', 'commentRangeEnd', 'commentReference'])
/** Settings that keep recording changes, or keep data of their own. */
const DROPPED_SETTINGS = new Map([
  ['trackRevisions', null],
  ['docVars', 'document variables'],
  ['attachedTemplate', 'document properties'],
])

interface Found {
  comments: boolean
  trackedChanges: boolean
  hiddenText: boolean
  other: Set<string>
}

/** Styles that hide their text (w:vanish), through the styles they are based on. */
function hiddenStyles(styles: XmlNode[] | undefined): Set<string> {
  const hidden = new Set<string>()
  if (!styles) return hidden
  const word = new Word(prefixesFor(styles, WORD_NAMESPACES))
  const own = new Map<string, { hidden: boolean | undefined; basedOn: string | undefined }>()
  const visit = (list: XmlNode[]) => {
    for (const node of list) {
      if (word.local(node) === 'style') {
        const id = word.attribute(node, 'styleId')
        const basedOn = word.child(node, 'basedOn')
        if (id !== undefined) {
          own.set(id, {
            hidden: word.hidden(word.child(node, 'rPr')),
            basedOn: basedOn ? word.attribute(basedOn, 'val') : undefined,
          })
        }
      } else {
        visit(childrenOf(node))
      }
    }
  }
  visit(styles)
  for (const id of own.keys()) {
    const seen = new Set<string>()
    let current: string | undefined = id
    while (current !== undefined && !seen.has(current)) {
      seen.add(current)
      const style = own.get(current)
      if (style?.hidden !== undefined) {
        if (style.hidden) hidden.add(id)
        break
      }
      current = style?.basedOn
    }
  }
  return hidden
}

/**
 * Cleans one part's WordprocessingML: comment marks out, tracked changes
 * accepted, hidden runs out, and any element that used a relationship taken
 * out of the copy (an embedded object's link, say).
 */
function cleanWordprocessingMl(
  nodes: XmlNode[],
  hiddenStyleIds: ReadonlySet<string>,
  droppedRelationshipIds: ReadonlySet<string>,
  isSettings: boolean,
  found: Found,
): XmlNode[] {
  const word = new Word(prefixesFor(nodes, WORD_NAMESPACES))
  const relationshipPrefixes = prefixesFor(nodes, RELATIONSHIP_NAMESPACES)
  const usesDroppedRelationship = (node: XmlNode) =>
    Object.entries(attributesOf(node)).some(([name, value]) => {
      const [prefix] = splitName(name.slice(2))
      return prefix !== '' && relationshipPrefixes.has(prefix) && droppedRelationshipIds.has(value)
    })
  const runIsHidden = (run: XmlNode, paragraphHidden: boolean) => {
    const properties = word.child(run, 'rPr')
    const own = word.hidden(properties)
    if (own !== undefined) return own
    const style = properties ? word.child(properties, 'rStyle') : undefined
    const styleId = style ? word.attribute(style, 'val') : undefined
    return (styleId !== undefined && hiddenStyleIds.has(styleId)) || paragraphHidden
  }
  const paragraphIsHidden = (paragraph: XmlNode) => {
    const properties = word.child(paragraph, 'pPr')
    const style = properties ? word.child(properties, 'pStyle') : undefined
    const styleId = style ? word.attribute(style, 'val') : undefined
    return styleId !== undefined && hiddenStyleIds.has(styleId)
  }
  const clean = (list: XmlNode[], paragraphHidden: boolean): XmlNode[] => {
    const kept: XmlNode[] = []
    for (const node of list) {
      if (droppedRelationshipIds.size > 0 && usesDroppedRelationship(node)) continue
      const local = word.local(node)
      if (local === null) {
        kept.push(withChildren(node, clean(childrenOf(node), paragraphHidden)))
        continue
      }
      if (DROPPED.has(local)) {
        if (COMMENT_MARKS.has(local)) found.comments = true
        else found.trackedChanges = true
        continue
      }
      if (isSettings && DROPPED_SETTINGS.has(local)) {
        const removal = DROPPED_SETTINGS.get(local)
        if (removal) found.other.add(removal)
        continue
      }
      switch (local) {
        case 'ins':
        case 'moveTo':
          // An insertion accepted is ordinary text: its content stays, its mark goes.
          found.trackedChanges = true
          kept.push(...clean(childrenOf(node), paragraphHidden))
          continue
        case 'tr': {
          // A row whose insertion was tracked is kept; one whose deletion was is gone.
          const properties = word.child(node, 'trPr')
          if (properties && word.child(properties, 'del')) {
            found.trackedChanges = true
            continue
          }
          break
        }
        case 'tc': {
          const properties = word.child(node, 'tcPr')
          if (properties && word.child(properties, 'cellDel')) {
            found.trackedChanges = true
            continue
          }
          break
        }
        case 'p':
          kept.push(withChildren(node, clean(childrenOf(node), paragraphIsHidden(node))))
          continue
        case 'r':
          if (runIsHidden(node, paragraphHidden)) {
            found.hiddenText = true
            continue
          }
          break
        default:
          break
      }
      kept.push(withChildren(node, clean(childrenOf(node), paragraphHidden)))
    }
    return kept
  }
  return clean(nodes, false)
}

/** Every element taken out of a part that used a relationship no longer in the copy. */
function dropRelationshipUsers(nodes: XmlNode[], droppedIds: ReadonlySet<string>): XmlNode[] {
  const prefixes = prefixesFor(nodes, RELATIONSHIP_NAMESPACES)
  const clean = (list: XmlNode[]): XmlNode[] =>
    list
      .filter(
        (node) =>
          !Object.entries(attributesOf(node)).some(([name, value]) => {
            const [prefix] = splitName(name.slice(2))
            return prefix !== '' && prefixes.has(prefix) && droppedIds.has(value)
          }),
      )
      .map((node) => withChildren(node, clean(childrenOf(node))))
  return clean(nodes)
}

/** The element children of a part's root, emptied: properties with no values. */
function emptyRoot(nodes: XmlNode[]): { nodes: XmlNode[]; hadValues: boolean } {
  let hadValues = false
  const emptied = nodes.map((node) => {
    const tag = tagOf(node)
    if (tag.startsWith('?') || tag.startsWith('#')) return node
    hadValues = childrenOf(node).some((child) => !tagOf(child).startsWith('#'))
    return withChildren(node, [])
  })
  return { nodes: emptied, hadValues }
}

/** The part a relationship points at, from the part that holds it. */
function targetPart(source: string, target: string): string {
  const base = target.startsWith('/') ? [] : source.split('/').slice(0, -1)
  for (const segment of decodeURI(target).split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') base.pop()
    else base.push(segment)
  }
  return base.join('/')
}

/** The part a .rels file describes: 'word/_rels/document.xml.rels' → 'word/document.xml'. */
function sourceOfRelationships(name: string): string | null {
  const match = /^(.*?)_rels\/([^/]*)\.rels$/.exec(name)
  return match ? `${match[1]}${match[2]}` : null
}

class UnsafePart extends Error {}
class BrokenPart extends Error {}

function parse(bytes: Uint8Array): XmlNode[] {
  const xml = new TextDecoder().decode(bytes)
  if (declaresDocumentType(xml)) throw new UnsafePart()
  // The parser mends what it can (an unclosed element, say); a copy must be
  // of the document as the author saved it, or not made.
  if (XMLValidator.validate(xml) !== true) throw new BrokenPart()
  return parser.parse(xml) as XmlNode[]
}

function build(nodes: XmlNode[]): Uint8Array {
  // Values were kept as written; one from a single-quoted attribute may hold
  // a double quote, which the builder's double quotes need escaped.
  const quote = (list: XmlNode[]) => {
    for (const node of list) {
      const attributes = attributesOf(node)
      for (const [name, value] of Object.entries(attributes)) {
        if (typeof value === 'string') attributes[name] = value.replace(/"/g, '&quot;')
      }
      quote(childrenOf(node))
    }
  }
  quote(nodes)
  return new TextEncoder().encode(builder.build(nodes))
}

const CLEANING_FAILED: DocxReadFailure = {
  ok: false,
  reason: 'unreadable',
  message:
    'A public copy of the selected Word document could not be made safely. Save it again from Word, or save it as a PDF, and upload it again',
}

/**
 * Makes the public copy of a Word document, under the caps of the redaction
 * check. The copy is read back as the redaction check reads it: if any
 * comment, tracked change or property is still found, no copy is given.
 */
export function makeDocxPublicCopy(
  bytes: Uint8Array,
  limitsGiven: Partial<DocxLimits> = {},
): DocxPublicCopyResult {
  const limits: DocxLimits = { ...DEFAULT_DOCX_LIMITS, ...limitsGiven }
  const read = readDocxParts(bytes, limits, () => true)
  if (!read.ok) return read
  const parts = read.parts
  if (!parts.has('word/document.xml')) return NOT_A_DOCX
  try {
    return cleanParts(parts, limits)
  } catch (error) {
    if (error instanceof UnsafePart) return DOCUMENT_TYPE_REFUSAL
    if (error instanceof BrokenPart) return UNREADABLE_DOCX
    return CLEANING_FAILED
  }
}

function cleanParts(parts: Map<string, Uint8Array>, limits: DocxLimits): DocxPublicCopyResult {
  const found: Found = {
    comments: false,
    trackedChanges: false,
    hiddenText: false,
    other: new Set(),
  }
  const removedParts = new Set<string>()
  for (const name of parts.keys()) {
    const removal = removalOf(name)
    if (removal === null) continue
    removedParts.add(name)
    if (removal === 'comments') {
      // An empty comments part (Word leaves one) has removed nothing anyone could read.
      if (
        name === 'word/comments.xml' &&
        /<\w+:comment\b/.test(new TextDecoder().decode(parts.get(name)))
      ) {
        found.comments = true
      }
    } else {
      found.other.add(removal)
    }
  }
  // A removed part's own relationships go with it.
  for (const name of parts.keys()) {
    const source = sourceOfRelationships(name)
    if (source !== null && removedParts.has(source)) removedParts.add(name)
  }

  const output = new Map<string, Uint8Array>()
  // Relationships to removed parts, and of removed types, by the part that held them.
  const droppedRelationships = new Map<string, Set<string>>()
  for (const [name, content] of parts) {
    const source = sourceOfRelationships(name)
    if (source === null || removedParts.has(name)) continue
    const nodes = parse(content)
    const kept = nodes.map((root) =>
      withChildren(
        root,
        childrenOf(root).filter((relationship) => {
          const attributes = attributesOf(relationship)
          const type = attributes['@_Type'] ?? ''
          const target = attributes['@_Target'] ?? ''
          const id = attributes['@_Id'] ?? ''
          const byType = [...REMOVED_RELATIONSHIP_TYPES].find(([suffix]) => type.endsWith(suffix))
          const internal = attributes['@_TargetMode'] !== 'External'
          const toRemovedPart = internal && removedParts.has(targetPart(source, target))
          if (!byType && !toRemovedPart) return true
          if (byType) {
            found.other.add(byType[1])
            // A thumbnail named anywhere goes too.
            if (internal) removedParts.add(targetPart(source, target))
          }
          const ids = droppedRelationships.get(source) ?? new Set<string>()
          ids.add(id)
          droppedRelationships.set(source, ids)
          return false
        }),
      ),
    )
    output.set(name, build(kept))
  }

  const styles = parts.has('word/styles.xml') ? parse(parts.get('word/styles.xml')!) : undefined
  const hiddenStyleIds = hiddenStyles(styles)
  for (const [name, content] of parts) {
    if (removedParts.has(name) || output.has(name)) continue
    const dropped = droppedRelationships.get(name) ?? new Set<string>()
    if (isWordPart(name)) {
      const isSettings = /(^|\/)settings\.xml$/.test(name)
      output.set(
        name,
        build(cleanWordprocessingMl(parse(content), hiddenStyleIds, dropped, isSettings, found)),
      )
    } else if (name === 'docProps/core.xml' || name === 'docProps/app.xml') {
      const emptied = emptyRoot(parse(content))
      if (emptied.hadValues) found.other.add('document properties')
      output.set(name, build(emptied.nodes))
    } else if (name === '[Content_Types].xml') {
      output.set(name, content)
    } else if (dropped.size > 0 && /\.xml$/.test(name)) {
      // A chart whose embedded workbook has gone, say: its link to it goes.
      output.set(name, build(dropRelationshipUsers(parse(content), dropped)))
    } else {
      output.set(name, content)
    }
  }
  const contentTypes = parts.get('[Content_Types].xml')
  if (contentTypes) {
    const nodes = parse(contentTypes)
    output.set(
      '[Content_Types].xml',
      build(
        nodes.map((root) =>
          withChildren(
            root,
            childrenOf(root).filter((entry) => {
              const partName = attributesOf(entry)['@_PartName']
              return partName === undefined || !removedParts.has(targetPart('', partName))
            }),
          ),
        ),
      ),
    )
  }
  for (const name of removedParts) output.delete(name)

  const bytes = zip(output)
  const removed = [
    ...(found.comments ? ['comments'] : []),
    ...(found.trackedChanges ? ['tracked changes'] : []),
    ...(found.hiddenText ? ['hidden text'] : []),
    ...[...found.other].sort(),
  ]
  // The copy is read back as the redaction check reads it.
  const check = extractDocxSections(bytes, limits)
  if (!check.ok) return CLEANING_FAILED
  const left = check.sections.filter((section) =>
    ['comment', 'tracked change', 'properties'].includes(section.location),
  )
  if (left.length > 0) return CLEANING_FAILED
  return { ok: true, bytes, removed }
}

/** The zip, [Content_Types].xml first as Word writes it, with no dates of its own. */
function zip(output: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const files: Zippable = {}
  const names = [...output.keys()].sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0,
  )
  for (const name of names) {
    const content = output.get(name)!
    // Pictures are compressed already; deflating them again only costs time.
    const level = /\.(xml|rels)$/i.test(name) ? 6 : 0
    files[name] = [content, { level, mtime: ZIP_DATE }]
  }
  return zipSync(files)
}

/** The earliest date a zip can hold: the copy says nothing about when it was made. */
const ZIP_DATE = new Date(Date.UTC(1980, 0, 1, 12))
