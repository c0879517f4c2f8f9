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

interface ErrorPage {
  status: number
  pageTitle: string
  paragraphs: string[]
  link?: { href: string; text: string }
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

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/')
}

function pageFor(error: FastifyError | Error): ErrorPage {
  if (error instanceof NotFoundError) return NOT_FOUND
  if (error instanceof AccessDeniedError) return FORBIDDEN
  if (error instanceof StaleVersionError) {
    return {
      status: 409,
      pageTitle: 'This record was changed by someone else',
      paragraphs: [error.message],
      link: { href: '/manage', text: 'Go back to manage' },
    }
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
  return reply.view('errors/error.njk', page)
}

export function registerErrorHandling(app: FastifyInstance, serviceName: string): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) =>
    send(serviceName, request, reply, error, pageFor(error)),
  )
  app.setNotFoundHandler(async (request, reply) =>
    send(serviceName, request, reply, new NotFoundError('No such route'), NOT_FOUND),
  )
}
