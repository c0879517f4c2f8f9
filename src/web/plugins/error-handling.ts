// Errors are turned into pages or JSON here and nowhere else. A user always gets
// a clear message; a fault is logged with its request id and shown as a 500 page
// that reveals nothing about the inside of the service.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  AccessDeniedError,
  NotFoundError,
  StaleVersionError,
  ValidationError,
  type FieldError,
} from '../../domain/errors.js'
import { MAX_DOCUMENT_BYTES } from '../../services/document-service.js'
import { conflictViewModel, EditConflict } from '../edit-conflict.js'

interface ErrorPage {
  status: number
  pageTitle: string
  paragraphs: string[]
  link?: { href: string; text: string }
  /** A page of its own (the conflict page's two versions); errors/error.njk otherwise. */
  template?: string
}

const NOT_FOUND: ErrorPage = {
  status: 404,
  pageTitle: 'Page not found',
  paragraphs: [
    'If you typed the web address, check it is correct.',
    'If you pasted the web address, check you copied the entire address.',
  ],
  link: { href: '/', text: 'Go to learning from reviews' },
}

const FORBIDDEN: ErrorPage = {
  status: 403,
  pageTitle: 'You do not have permission to view this page',
  paragraphs: [
    'Your account does not have a role that allows this.',
    'If you think you should have access, ask your partnership’s administrator.',
  ],
  link: { href: '/', text: 'Go to learning from reviews' },
}

const SERVER_ERROR: ErrorPage = {
  status: 500,
  pageTitle: 'Sorry, there is a problem with the service',
  paragraphs: [
    'Try again later.',
    'If you were saving something, it has not been saved unless you saw a confirmation.',
  ],
}

/** What @fastify/busboy says about a multipart body it cannot read. */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data|The needle cannot)/

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/')
}

function pageFor(error: FastifyError | Error, fileLimitBytes = MAX_DOCUMENT_BYTES): ErrorPage {
  if (error instanceof NotFoundError) return NOT_FOUND
  if (error instanceof AccessDeniedError) return FORBIDDEN
  if (error instanceof StaleVersionError || error instanceof EditConflict) {
    return { ...conflictViewModel(error), template: 'errors/conflict.njk' }
  }
  if (error instanceof ValidationError) {
    return {
      status: 400,
      pageTitle: 'There is a problem with what you sent',
      paragraphs: error.errors.map((fieldError) => fieldError.message),
    }
  }
  const status = (error as FastifyError).statusCode ?? 500
  const code = (error as FastifyError).code ?? ''
  if (code.startsWith('FST_CSRF')) {
    return {
      status: 403,
      pageTitle: 'This form has expired',
      paragraphs: [
        'The form you sent has expired or did not come from this service. Nothing was saved.',
        'Go back, reload the page and try again.',
      ],
    }
  }
  // @fastify/multipart's limits (src/web/app.ts): a clear page, never a 500.
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return {
      status: 413,
      pageTitle: 'The selected file is too large',
      paragraphs: [
        `The selected file must be smaller than ${fileLimitBytes / (1024 * 1024)} MB. Nothing was saved.`,
        'Go back and choose a smaller file, or split it into parts.',
      ],
    }
  }
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return {
      status: 413,
      pageTitle: 'What you sent has too many parts',
      paragraphs: ['Upload one file at a time. Nothing was saved.', 'Go back and try again.'],
    }
  }
  // A malformed multipart body (no boundary, or data that ends mid-part) is the
  // sender's mistake: busboy rejects it with plain Errors that were 500s.
  if (!(error as FastifyError).statusCode && MALFORMED_MULTIPART.test(error.message)) {
    return {
      status: 400,
      pageTitle: 'There is a problem with what you sent',
      paragraphs: [
        'The form did not arrive complete. Nothing was saved.',
        'Go back and try again.',
      ],
    }
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
    return {
      status: 415,
      pageTitle: 'This kind of content is not accepted',
      paragraphs: ['Send the form from its page. Nothing was saved.'],
    }
  }
  if (status === 429) {
    return {
      status: 429,
      pageTitle: 'Too many attempts',
      paragraphs: ['You have tried too many times. Wait a minute, then try again.'],
    }
  }
  if (status === 413) {
    return {
      status,
      pageTitle: 'What you sent is too large',
      paragraphs: ['Send less, then try again.'],
    }
  }
  if (status === 415) {
    return {
      status,
      pageTitle: 'This kind of content is not accepted',
      paragraphs: ['Send a form or JSON.'],
    }
  }
  if (status >= 400 && status < 500) {
    return {
      status,
      pageTitle: 'There is a problem with what you sent',
      paragraphs: ['Check it and try again.'],
    }
  }
  return SERVER_ERROR
}

function apiErrors(error: FastifyError | Error, page: ErrorPage): FieldError[] {
  if (error instanceof ValidationError) return [...error.errors]
  const validation = (error as FastifyError).validation
  if (validation) {
    return validation.map((issue) => ({
      field: issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body',
      message: issue.message ?? 'is not valid',
    }))
  }
  if (page.status === 500) return [{ field: 'request', message: SERVER_ERROR.pageTitle }]
  if (page.status === 404) {
    return [{ field: 'request', message: 'Not found: there is nothing at this address' }]
  }
  // The paragraphs are sentences already: joining them with '. ' doubled the full stops.
  return [{ field: 'request', message: [`${page.pageTitle}.`, ...page.paragraphs].join(' ') }]
}

async function send(
  serviceName: string,
  request: FastifyRequest,
  reply: FastifyReply,
  error: Error,
  page: ErrorPage,
) {
  if (page.status >= 500) {
    request.log.error({ err: error }, 'request failed')
  } else {
    request.log.info({ statusCode: page.status, code: (error as FastifyError).code }, error.message)
  }
  reply.status(page.status)
  if (isApi(request)) {
    return reply.send({ errors: apiErrors(error, page) })
  }
  // A failure before the page context was built (say, in a hook) still needs a
  // layout that renders.
  if (!reply.locals?.serviceName) {
    reply.locals = {
      serviceName,
      cspNonce: reply.cspNonce?.script,
      currentUser: null,
      navigation: [],
      csrfToken: () => '',
    }
  }
  return reply.view(page.template ?? 'errors/error.njk', page)
}

/** A route may allow larger files than the default (a review's report: 20 MB). */
function fileLimitOf(request: FastifyRequest): number {
  const config = request.routeOptions?.config as
    { multipartOptions?: { limits?: { fileSize?: number } } } | undefined
  return config?.multipartOptions?.limits?.fileSize ?? MAX_DOCUMENT_BYTES
}

export function registerErrorHandling(app: FastifyInstance, serviceName: string): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) =>
    send(serviceName, request, reply, error, pageFor(error, fileLimitOf(request))),
  )
  app.setNotFoundHandler(async (request, reply) =>
    send(serviceName, request, reply, new NotFoundError('No such route'), NOT_FOUND),
  )
}
