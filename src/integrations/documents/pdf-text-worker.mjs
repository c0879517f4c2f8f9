// Runs in a worker thread with its own heap limit, and the thread that started
// it stops it when the process's memory grows past a limit (pdf.js decodes
// streams outside the heap): a hostile or broken PDF can exhaust this thread,
// never the server. Plain JavaScript so it loads without the TypeScript loader.
//
// Three modes: 'text' (the text of every page, run together, for search and
// agency summaries), 'sections' (for the redaction check, S17: every place
// a reader can get at text, each with where it is: page text, annotations and
// comments, form fields, the document information and the XMP metadata) and
// 'hidden-text' (the pages with text still under a dark box, S17, before a
// public copy is made).
import { parentPort, workerData } from 'node:worker_threads'
import { extractText, getDocumentProxy } from 'unpdf'
import { pagesWithTextUnderBoxes } from './pdf-hidden-text.mjs'

// pdf.js packs each font for the operator list with ArrayBuffer's
// transferToFixedLength, which Node 20 lacks (Node 22 has it): without it
// getOperatorList stops at the first text and reports no error. A copy does
// what pdf.js needs; this thread is the worker's own, so nothing else sees it.
if (typeof ArrayBuffer.prototype.transferToFixedLength !== 'function') {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    value(length = this.byteLength) {
      const copy = new ArrayBuffer(length)
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)))
      return copy
    },
    configurable: true,
    writable: true,
  })
}

const INFO_KEYS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer']

function textOf(value) {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(textOf).join('\n')
  if (typeof value === 'object') return Object.values(value).map(textOf).join('\n')
  return String(value)
}

/** The text of one page, a line break where pdf.js saw the end of a line. */
async function pageText(page) {
  const content = await page.getTextContent()
  let text = ''
  for (const item of content.items) {
    if (typeof item.str !== 'string') continue
    text += item.str
    if (item.hasEOL) text += '\n'
  }
  return text
}

async function sectionsOf(pdf, maxTextLength) {
  const sections = []
  let length = 0
  const add = (location, page, text) => {
    const trimmed = text.trim()
    if (trimmed === '' || length >= maxTextLength) return
    const kept = trimmed.slice(0, maxTextLength - length)
    length += kept.length
    sections.push({ location, page, text: kept })
  }
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number)
    add('page', number, await pageText(page))
    for (const annotation of await page.getAnnotations()) {
      // A popup repeats its parent's words.
      if (annotation.subtype === 'Popup') continue
      if (annotation.subtype === 'Widget') {
        add(
          'form field',
          number,
          [annotation.fieldValue, annotation.alternativeText, annotation.buttonValue]
            .map(textOf)
            .filter((part) => part !== '' && part !== 'Off')
            .join('\n'),
        )
        continue
      }
      add(
        'annotation',
        number,
        [
          annotation.titleObj?.str ?? annotation.title,
          annotation.contentsObj?.str ?? annotation.contents,
          annotation.richText?.str,
          annotation.overlaidText,
        ]
          .map(textOf)
          .filter((part) => part !== '')
          .join('\n'),
      )
    }
    page.cleanup()
  }
  const { info, metadata } = await pdf.getMetadata()
  const properties = []
  for (const key of INFO_KEYS) {
    if (info?.[key]) properties.push(`${key}: ${textOf(info[key])}`)
  }
  if (info?.Custom) {
    for (const [key, value] of Object.entries(info.Custom))
      properties.push(`${key}: ${textOf(value)}`)
  }
  if (metadata) {
    // Every XMP value (dc:title, dc:creator, pdf:Keywords…), as pdf.js parsed them.
    const entries =
      typeof metadata[Symbol.iterator] === 'function'
        ? [...metadata]
        : Object.entries(metadata.getAll?.() ?? {})
    for (const [key, value] of entries) {
      properties.push(`${key}: ${textOf(value)}`)
    }
  }
  add('properties', null, properties.join('\n'))
  return sections
}

try {
  const pdf = await getDocumentProxy(new Uint8Array(workerData.bytes), {
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
    // Where text is needs no picture decoded: every image is skipped, which
    // keeps a report full of photographs within the memory limit.
    ...(workerData.mode === 'hidden-text' ? { maxImageSize: 0 } : {}),
  })
  if (workerData.mode === 'hidden-text') {
    parentPort.postMessage({
      ok: true,
      pages: pdf.numPages,
      hiddenTextPages: await pagesWithTextUnderBoxes(pdf),
    })
  } else if (workerData.mode === 'sections') {
    parentPort.postMessage({
      ok: true,
      pages: pdf.numPages,
      sections: await sectionsOf(pdf, workerData.maxTextLength),
    })
  } else {
    const { totalPages, text } = await extractText(pdf, { mergePages: true })
    parentPort.postMessage({
      ok: true,
      pages: totalPages,
      text: String(text).slice(0, workerData.maxTextLength),
    })
  }
} catch (error) {
  parentPort.postMessage({
    ok: false,
    reason: error instanceof Error ? error.message : String(error),
  })
}
