// Success messages after a save (issue 8): a route sets one before redirecting
// (post/redirect/get), and the next page the person opens shows it once, as a
// GOV.UK success notification banner (views/partials/flash.njk, included by the
// layout). Kept in the session, so it survives the redirect and nothing in the
// address bar can fake it; read lazily by the layout, so only a rendered page
// takes it, never an asset or API request.
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
    flash?: FlashMessage[]
  }
}

/** Shows `message` on the next page the person opens. */
export function setFlash(request: FastifyRequest, message: FlashMessage): void {
  request.session.flash = [...(request.session.flash ?? []), message].slice(-3)
}

/** Takes the waiting messages (each is shown once). */
export function takeFlash(request: FastifyRequest): FlashMessage[] {
  const messages = request.session.flash ?? []
  if (messages.length > 0) request.session.flash = undefined
  return messages
}

/** Gives every page's layout `flashMessages()`, which takes the waiting messages. */
export function registerFlash(app: FastifyInstance): void {
  app.addHook('preHandler', (request, reply, done) => {
    reply.locals = {
      ...reply.locals,
      flashMessages: () => (request.session ? takeFlash(request) : []),
    }
    done()
  })
}
