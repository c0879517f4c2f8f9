// Runs in a worker thread with its own heap limit, and the thread that started
// it stops it when the process's memory grows past a limit (pdf.js decodes
// streams outside the heap): a hostile or broken PDF can exhaust this thread,
// never the server. Plain JavaScript so it loads without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads'
import { extractText, getDocumentProxy } from 'unpdf'

try {
  const pdf = await getDocumentProxy(new Uint8Array(workerData.bytes), {
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  })
  const { totalPages, text } = await extractText(pdf, { mergePages: true })
  parentPort.postMessage({
    ok: true,
    pages: totalPages,
    text: String(text).slice(0, workerData.maxTextLength),
  })
} catch (error) {
  parentPort.postMessage({
    ok: false,
    reason: error instanceof Error ? error.message : String(error),
  })
}
