import { Worker } from 'node:worker_threads'

export type PdfTextResult =
  | { ok: true; pages: number; text: string }
  | { ok: false; reason: 'unreadable' | 'timeout' | 'too-much-memory'; detail: string }

export interface PdfTextLimits {
  timeoutMs: number
  maxMemoryMb: number
  maxTextLength: number
}

export const DEFAULT_PDF_LIMITS: PdfTextLimits = {
  timeoutMs: 10_000,
  maxMemoryMb: 128,
  maxTextLength: 2_000_000,
}

/**
 * Extracts a PDF's text in a worker thread with a time and memory limit. A
 * malformed, hostile or enormous PDF gives a reason, never a crash or a hang.
 */
export function extractPdfText(
  bytes: Uint8Array,
  limits: PdfTextLimits = DEFAULT_PDF_LIMITS,
): Promise<PdfTextResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./pdf-text-worker.mjs', import.meta.url), {
      workerData: { bytes, maxTextLength: limits.maxTextLength },
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxMemoryMb,
        maxYoungGenerationSizeMb: Math.max(8, Math.floor(limits.maxMemoryMb / 8)),
      },
      // The worker needs no loader: it is plain JavaScript.
      execArgv: [],
      stdout: true,
      stderr: true,
    })
    let settled = false
    const finish = (result: PdfTextResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      resolve(result)
    }
    const timer = setTimeout(
      () =>
        finish({ ok: false, reason: 'timeout', detail: `took longer than ${limits.timeoutMs} ms` }),
      limits.timeoutMs,
    )
    worker.on(
      'message',
      (message: { ok: boolean; pages?: number; text?: string; reason?: string }) => {
        if (message.ok) {
          finish({ ok: true, pages: message.pages ?? 0, text: message.text ?? '' })
        } else {
          finish({ ok: false, reason: 'unreadable', detail: message.reason ?? 'unknown' })
        }
      },
    )
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
