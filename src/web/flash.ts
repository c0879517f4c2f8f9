// Success messages after a save (issue 8): a route sets one before redirecting
// (post/redirect/get), and the next page the person opens shows it once, as a
// GOV.UK success notification banner (views/partials/flash.njk, included by the
// layout). Kept in the session, so it survives the redirect and nothing in the
// address bar can fake it; read lazily by the layout, so only a rendered page
// takes it, never a redirect, a file download, an asset or an API request. Only
// plain text is kept: it is escaped like any other text when shown.
import type { FastifyInstance, FastifyRequest } from 'fastify'

export interface FlashMessage {
  /** 'success' (the default) after a save; 'important' for something to know, like a form sent twice. */
  readonly type?: 'success' | 'important'
  /** The banner's heading, like "Incident WSCP-2026-014 recorded". */
  readonly heading: string
  /** An optional sentence under it. */
  readonly text?: string
}

declare module 'fastify' {
  interface Session {
    /** Messages waiting for the next page (flash.ts). */
    flash?: FlashMessage[] | null
  }
}

/** A flash longer than this is cut short: it is a one-line confirmation, not a page. */
const FLASH_MAX_LENGTH = 300

/** Shows `message` (a heading, or a heading and text) on the next page the person opens. */
export function setFlash(request: FastifyRequest, message: string | FlashMessage): void {
  const flash: FlashMessage =
    typeof message === 'string'
      ? { heading: message.slice(0, FLASH_MAX_LENGTH) }
      : {
          ...message,
          heading: message.heading.slice(0, FLASH_MAX_LENGTH),
          ...(message.text === undefined ? {} : { text: message.text.slice(0, FLASH_MAX_LENGTH) }),
        }
  request.session.flash = [...(request.session.flash ?? []), flash].slice(-3)
}

/** Takes the waiting messages (each is shown once). */
export function takeFlash(request: FastifyRequest): FlashMessage[] {
  // No session is made just to look: public pages stay cookie-free.
  const session = (request as Partial<Pick<FastifyRequest, 'session'>>).session
  const messages = session?.flash ?? []
  if (messages.length > 0) session!.flash = null
  return messages
}

/** Gives every page's layout `flashMessages()`, which takes the waiting messages. */
export function registerFlash(app: FastifyInstance): void {
  app.addHook('preHandler', (request, reply, done) => {
    reply.locals = { ...reply.locals, flashMessages: () => takeFlash(request) }
    done()
  })
}
