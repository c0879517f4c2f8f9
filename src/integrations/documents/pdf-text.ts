import { Worker } from 'node:worker_threads'
import type { TextSection } from '../../domain/redaction/redaction-check.js'

export type PdfReadFailure = {
  ok: false
  reason: 'unreadable' | 'timeout' | 'too-much-memory'
  detail: string
}

export type PdfTextResult = { ok: true; pages: number; text: string } | PdfReadFailure

/** Every place a reader can get at text, for the redaction check (S17). */
export type PdfSectionsResult =
  { ok: true; pages: number; sections: TextSection[] } | PdfReadFailure

export interface PdfTextLimits {
  timeoutMs: number
  /** The worker's JavaScript heap (V8 `resourceLimits`). */
  maxMemoryMb: number
  /**
   * All the memory a read may add to the process, off-heap too: pdf.js decodes
   * streams into ArrayBuffers, which the heap limit does not see, so a
   * decompression bomb would otherwise grow until the time limit.
   */
  maxTotalMemoryMb: number
  /** How often the total is measured while the worker runs. */
  memorySampleMs: number
  maxTextLength: number
}

export const DEFAULT_PDF_LIMITS: PdfTextLimits = {
  timeoutMs: 10_000,
  maxMemoryMb: 128,
  // Reading an ordinary PDF adds about 25 MB (the worker and pdf.js); a
  // decompression bomb adds about 100 MB a second, so it is stopped within
  // about three seconds instead of the ten of the time limit.
  maxTotalMemoryMb: 256,
  memorySampleMs: 25,
  maxTextLength: 2_000_000,
}

const MB = 1024 * 1024

/**
 * Reads in progress in this process. The resident set size is measured for
 * the whole process, so two reads at once see each other's memory; each read
 * allows the limit once for every read in progress, which still bounds the
 * total at the limit times the number of reads.
 */
let readsInProgress = 0

/**
 * Extracts a PDF's text in a worker thread with a time and memory limit. A
 * malformed, hostile or enormous PDF gives a reason, never a crash or a hang.
 * Limits not given are taken from DEFAULT_PDF_LIMITS at the time of the call.
 */
export async function extractPdfText(
  bytes: Uint8Array,
  limitsGiven: Partial<PdfTextLimits> = {},
): Promise<PdfTextResult> {
  const result = await readInWorker(bytes, 'text', limitsGiven)
  return result.ok ? { ok: true, pages: result.pages, text: result.text ?? '' } : result
}

/**
 * The text of every page (with its number), every annotation and comment,
 * every form field's value, the document information dictionary and the XMP
 * metadata, each with where a reader finds it: what the redaction check reads
 * (S17). In the same worker, under the same limits, as extractPdfText.
 */
export async function extractPdfSections(
  bytes: Uint8Array,
  limitsGiven: Partial<PdfTextLimits> = {},
): Promise<PdfSectionsResult> {
  const result = await readInWorker(bytes, 'sections', limitsGiven)
  return result.ok ? { ok: true, pages: result.pages, sections: result.sections ?? [] } : result
}

type WorkerResult =
  { ok: true; pages: number; text?: string; sections?: TextSection[] } | PdfReadFailure

async function readInWorker(
  bytes: Uint8Array,
  mode: 'text' | 'sections',
  limitsGiven: Partial<PdfTextLimits>,
): Promise<WorkerResult> {
  const limits: PdfTextLimits = { ...DEFAULT_PDF_LIMITS, ...limitsGiven }
  const result = await runPdfWorker<{ pages?: number; text?: string; sections?: TextSection[] }>(
    new URL('./pdf-text-worker.mjs', import.meta.url),
    { bytes, mode, maxTextLength: limits.maxTextLength },
    limits,
  )
  if (!result.ok) return result
  return {
    ok: true,
    pages: result.value.pages ?? 0,
    text: result.value.text,
    sections: result.value.sections,
  }
}

/** What a worker posted when it finished, or why it did not. */
export type PdfWorkerResult<T> = { ok: true; value: T } | PdfReadFailure

/**
 * Runs a worker over a PDF with the time and memory limits: the worker posts
 * `{ ok: true, ...what it found }` or `{ ok: false, reason }`. Any PDF work
 * that parses a file we did not write (pdf.js, pdf-lib) goes through here, so
 * a hostile file exhausts that thread, never the server.
 */
export function runPdfWorker<T>(
  workerFile: URL,
  workerData: Record<string, unknown>,
  limitsGiven: Partial<PdfTextLimits> = {},
): Promise<PdfWorkerResult<T>> {
  const limits: PdfTextLimits = { ...DEFAULT_PDF_LIMITS, ...limitsGiven }
  return new Promise((resolve) => {
    // The process's resident memory includes the worker's, on-heap and off.
    const startingMemory = process.memoryUsage.rss()
    const worker = new Worker(workerFile, {
      workerData,
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxMemoryMb,
        maxYoungGenerationSizeMb: Math.max(8, Math.floor(limits.maxMemoryMb / 8)),
      },
      // The worker needs no loader: it is plain JavaScript.
      execArgv: [],
      stdout: true,
      stderr: true,
    })
    readsInProgress += 1
    let settled = false
    const finish = (result: PdfWorkerResult<T>) => {
      if (settled) return
      settled = true
      readsInProgress -= 1
      clearTimeout(timer)
      clearInterval(memoryWatch)
      void worker.terminate()
      resolve(result)
    }
    const timer = setTimeout(
      () =>
        finish({ ok: false, reason: 'timeout', detail: `took longer than ${limits.timeoutMs} ms` }),
      limits.timeoutMs,
    )
    const memoryWatch = setInterval(() => {
      const addedMb = (process.memoryUsage.rss() - startingMemory) / MB
      if (addedMb > limits.maxTotalMemoryMb * readsInProgress) {
        finish({
          ok: false,
          reason: 'too-much-memory',
          detail: `needed more than ${limits.maxTotalMemoryMb} MB (${Math.round(addedMb)} MB when stopped)`,
        })
      }
    }, limits.memorySampleMs)
    worker.on('message', (message: { ok: boolean; reason?: string }) => {
      if (message.ok) {
        // The worker is ours: what it posts has the shape its caller expects.
        finish({ ok: true, value: message as unknown as T })
      } else {
        finish({ ok: false, reason: 'unreadable', detail: message.reason ?? 'unknown' })
      }
    })
    worker.on('error', (error: Error & { code?: string }) => {
      finish({
        ok: false,
        reason: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'too-much-memory' : 'unreadable',
        detail: error.message,
      })
    })
    worker.on('exit', (code) => {
      finish({ ok: false, reason: 'unreadable', detail: `worker stopped (${code})` })
    })
  })
}
