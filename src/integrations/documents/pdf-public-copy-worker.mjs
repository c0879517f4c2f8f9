// Makes the public copy of a PDF report (S17), in a worker thread with the same
// time and memory limits as reading one: pdf-lib parses the whole file,
// object streams inflated, so a hostile PDF must exhaust this thread, never
// the server. Plain JavaScript so it loads without the TypeScript loader.
//
// Everything a reader can open besides the pages goes: the document
// information and XMP metadata (authors, titles, the tool that made it), every
// annotation (comments, sticky notes, links, stamps, attachments), the form
// and its fields, embedded files, JavaScript and actions that run by
// themselves, and application data (PieceInfo, where some editors keep the
// whole original document). Then only the objects the remaining document
// uses are written: a PDF edited and saved again often still holds the
// earlier version of a page, unused but one tool away from being read.
import { parentPort, workerData } from 'node:worker_threads'
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream } from 'pdf-lib'

const name = (value) => PDFName.of(value)

/** Action types that run something or send something, rather than go to a place. */
const ACTIVE_ACTIONS = new Set([
  'JavaScript',
  'Launch',
  'SubmitForm',
  'ImportData',
  'ResetForm',
  'Rendition',
  'Sound',
  'Movie',
  'RichMediaExecute',
])

function lookup(context, value) {
  return value instanceof PDFRef ? context.lookup(value) : value
}

function nameOf(value) {
  return value instanceof PDFName ? value.decodeText() : undefined
}

/** Whether an action dictionary, or any action chained after it by /Next, is JavaScript. */
function isJavaScript(context, action, seen = new Set()) {
  const dict = lookup(context, action)
  if (!(dict instanceof PDFDict) || seen.has(dict)) return false
  seen.add(dict)
  if (nameOf(dict.get(name('S'))) === 'JavaScript' || dict.has(name('JS'))) return true
  const next = lookup(context, dict.get(name('Next')))
  const chained = next instanceof PDFArray ? next.asArray() : next ? [next] : []
  return chained.some((item) => isJavaScript(context, item, seen))
}

/** Every indirect object reachable from `roots`, not entering `excluded`. */
function reachableFrom(context, roots, excluded, visit) {
  const reached = new Set()
  const pending = [...roots]
  while (pending.length > 0) {
    const value = pending.pop()
    if (value instanceof PDFRef) {
      const key = value.toString()
      if (reached.has(key) || excluded.has(key)) continue
      reached.add(key)
      const object = context.lookup(value)
      if (object !== undefined) pending.push(object)
    } else if (value instanceof PDFDict) {
      visit?.(value)
      for (const [, child] of value.entries()) pending.push(child)
    } else if (value instanceof PDFArray) {
      for (const child of value.asArray()) pending.push(child)
    } else if (value instanceof PDFStream) {
      pending.push(value.dict)
    }
  }
  return reached
}

function makePublicCopy(pdf) {
  const { context, catalog } = pdf
  const removed = []
  const excluded = new Set()
  const exclude = (value) => {
    if (value instanceof PDFRef) excluded.add(value.toString())
  }
  // What the file holds that nothing uses: often an earlier version of a
  // page, saved over.
  const allRefs = context.enumerateIndirectObjects().map(([ref]) => ref)
  const usedBefore = reachableFrom(
    context,
    [context.trailerInfo.Root, context.trailerInfo.Info].filter(Boolean),
    new Set(),
  )
  // An empty dictionary (pdfkit writes one) holds nothing to report.
  const leftovers = allRefs.filter((ref) => {
    if (usedBefore.has(ref.toString())) return false
    const object = context.lookup(ref)
    return !(object instanceof PDFDict && object.entries().length === 0)
  }).length

  const info = lookup(context, context.trailerInfo.Info)
  if (info instanceof PDFDict && info.entries().length > 0) removed.push('document information')
  exclude(context.trailerInfo.Info)
  context.trailerInfo.Info = undefined
  // The file identifier is made from the original's time, place and size.
  context.trailerInfo.ID = undefined

  let annotations = 0
  let formFields = false
  for (const page of pdf.getPages()) {
    const annots = lookup(context, page.node.get(name('Annots')))
    if (annots instanceof PDFArray) {
      for (const item of annots.asArray()) {
        const annotation = lookup(context, item)
        const subtype = annotation instanceof PDFDict ? nameOf(annotation.get(name('Subtype'))) : ''
        if (subtype === 'Widget') formFields = true
        // A comment's popup is part of the comment, not one more annotation.
        else if (subtype !== 'Popup') annotations += 1
        exclude(item)
      }
    }
    exclude(page.node.get(name('Annots')))
    page.node.delete(name('Annots'))
  }
  if (annotations > 0)
    removed.push(annotations === 1 ? '1 annotation' : `${annotations} annotations`)

  if (catalog.has(name('AcroForm'))) formFields = true
  exclude(catalog.get(name('AcroForm')))
  catalog.delete(name('AcroForm'))
  // An XFA form asks the reader to draw it; without the form there is nothing to draw.
  catalog.delete(name('NeedsRendering'))
  if (formFields) removed.push('form fields')

  let embeddedFiles = false
  let javaScript = false
  let automaticActions = false
  const names = lookup(context, catalog.get(name('Names')))
  if (names instanceof PDFDict) {
    if (names.has(name('EmbeddedFiles'))) embeddedFiles = true
    if (names.has(name('JavaScript'))) javaScript = true
    for (const key of ['EmbeddedFiles', 'JavaScript']) {
      exclude(names.get(name(key)))
      names.delete(name(key))
    }
  }
  // A portfolio is a collection of embedded files.
  if (catalog.has(name('Collection'))) embeddedFiles = true
  catalog.delete(name('Collection'))
  const openAction = catalog.get(name('OpenAction'))
  const openActionDict = lookup(context, openAction)
  // Opening at a page (a destination, or a GoTo action with nothing after it)
  // runs nothing and stays.
  const goesToPage =
    openActionDict instanceof PDFDict &&
    nameOf(openActionDict.get(name('S'))) === 'GoTo' &&
    !openActionDict.has(name('Next'))
  if (openActionDict instanceof PDFDict && !goesToPage) {
    if (isJavaScript(context, openAction)) javaScript = true
    else automaticActions = true
    exclude(openAction)
    catalog.delete(name('OpenAction'))
  }

  let metadata = catalog.has(name('Metadata'))
  let applicationData = false
  // The rest, wherever it is: XMP on a page or an image, application data,
  // actions on pages and outline items, files associated with any part.
  const clean = (dict) => {
    if (dict.has(name('Metadata'))) {
      metadata = true
      exclude(dict.get(name('Metadata')))
      dict.delete(name('Metadata'))
    }
    if (dict.has(name('PieceInfo'))) {
      applicationData = true
      exclude(dict.get(name('PieceInfo')))
      dict.delete(name('PieceInfo'))
    }
    if (dict.has(name('AF'))) {
      embeddedFiles = true
      exclude(dict.get(name('AF')))
      dict.delete(name('AF'))
    }
    if (dict.has(name('AA'))) {
      const additional = lookup(context, dict.get(name('AA')))
      const actions = additional instanceof PDFDict ? additional.entries().map(([, a]) => a) : []
      if (actions.some((action) => isJavaScript(context, action))) javaScript = true
      else automaticActions = true
      exclude(dict.get(name('AA')))
      dict.delete(name('AA'))
    }
    const action = lookup(context, dict.get(name('A')))
    if (action instanceof PDFDict && ACTIVE_ACTIONS.has(nameOf(action.get(name('S'))) ?? '')) {
      if (isJavaScript(context, action)) javaScript = true
      else automaticActions = true
      exclude(dict.get(name('A')))
      dict.delete(name('A'))
    }
  }
  const used = reachableFrom(context, [context.trailerInfo.Root], excluded, clean)
  if (metadata) removed.push('XMP metadata')
  if (embeddedFiles) removed.push('embedded files')
  if (javaScript) removed.push('JavaScript')
  if (automaticActions) removed.push('actions that run by themselves')
  if (applicationData) removed.push('application data')
  if (leftovers > 0) removed.push('unused content')

  // A reference to an object no longer written reads as null (ISO 32000-1,
  // 7.3.10), so a structure tree entry that pointed at a comment still reads.
  for (const ref of allRefs) {
    if (!used.has(ref.toString())) context.delete(ref)
  }
  return removed
}

class Encrypted extends Error {}

try {
  const pdf = await PDFDocument.load(new Uint8Array(workerData.bytes), {
    // Nothing of ours is written into the copy: no producer, no dates.
    updateMetadata: false,
    // The worker's time limit stops a slow parse; yielding would only slow it.
    parseSpeed: Infinity,
    // Loaded to be told it is encrypted, which pdf-lib cannot undo.
    ignoreEncryption: true,
  })
  if (pdf.isEncrypted) throw new Encrypted()
  const removed = makePublicCopy(pdf)
  const bytes = await pdf.save({
    // pdf-lib would otherwise create an empty form to update.
    updateFieldAppearances: false,
    addDefaultPage: false,
    // Plain objects, so what the copy holds can be checked byte by byte.
    useObjectStreams: false,
  })
  parentPort.postMessage({ ok: true, bytes, removed }, [bytes.buffer])
} catch (error) {
  parentPort.postMessage({
    ok: false,
    reason:
      error instanceof Encrypted
        ? 'encrypted'
        : error instanceof Error
          ? error.message
          : String(error),
  })
}
