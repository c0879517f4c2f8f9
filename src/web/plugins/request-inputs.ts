// Checks on every request's body, in one place, before any route sees it
// (issue 4, "Hostile input"):
//  - its content type: pages take HTML forms (url-encoded or multipart), the
//    JSON API takes JSON; anything else is 415. Without this, Fastify's
//    built-in text/plain and JSON parsers handed page routes bodies they never
//    expect: a text/plain POST (which any other site can make a browser send)
//    reached the CSRF check and answered "This form has expired";
//  - a multipart text field longer than a whole form may be: 413, not cut short.
// (A NUL character, which PostgreSQL cannot store, is refused where values
// reach the database: src/data/refuse-nul-characters.ts.)
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'

/** A url-encoded form, and a multipart form's text field: 256 KB. */
export const FORM_BODY_LIMIT = 256 * 1024

const PAGE_BODIES = ['application/x-www-form-urlencoded', 'multipart/form-data']
const API_BODIES = ['application/json']

function mediaType(request: FastifyRequest): string | null {
  const header = request.headers['content-type']
  if (header === undefined || header.trim() === '') return null
  return (header.split(';')[0] ?? '').trim().toLowerCase()
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return (
    request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
  )
}

function unsupported(type: string | null, accepted: readonly string[]): FastifyError {
  const error = new Error(
    `${type ?? 'A body without a content type'} is not accepted here; send ${accepted.join(' or ')}`,
  ) as FastifyError
  error.statusCode = 415
  error.code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
  return error
}

function tooLarge(): FastifyError {
  const error = new Error('A form field is longer than a whole form may be') as FastifyError
  error.statusCode = 413
  error.code = 'FST_ERR_CTP_BODY_TOO_LARGE'
  return error
}

/** A multipart text field cut at the field size limit: busboy marks it and carries on. */
function hasTruncatedField(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false
  return Object.values(body as Record<string, unknown>).some((value) =>
    (Array.isArray(value) ? value : [value]).some(
      (part) =>
        typeof part === 'object' &&
        part !== null &&
        ((part as { valueTruncated?: unknown }).valueTruncated === true ||
          (part as { fieldnameTruncated?: unknown }).fieldnameTruncated === true),
    ),
  )
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An API route that takes a file as multipart (the redaction check, issue 9). */
    multipartApi?: boolean
  }
}

/** Registered after @fastify/multipart, so its body is there when the second hook runs. */
export function registerRequestInputs(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') {
      return
    }
    const type = mediaType(request)
    // A POST with nothing in it (a button-only form sent by a script) is fine.
    if (type === null && !hasBody(request)) return
    const accepted = request.url.startsWith('/api/')
      ? request.routeOptions.config?.multipartApi
        ? [...API_BODIES, 'multipart/form-data']
        : API_BODIES
      : PAGE_BODIES
    if (type === null || !accepted.includes(type)) throw unsupported(type, accepted)
  })
  // A truncated field would otherwise be saved cut short, or fail a check with
  // a misleading message: refuse the whole form as too large, like a long
  // url-encoded one.
  app.addHook('preValidation', async (request) => {
    if (request.isMultipart() && hasTruncatedField(request.body)) throw tooLarge()
  })
}
