// Success banners after a save ("Learning point added", "Action signed off"):
// the message is kept in the session by the POST that saved, then shown once
// by the layout on the page the redirect leads to (post/redirect/get keeps the
// Back button and reloads from saving twice). Read lazily, like the CSRF token,
// so a page that renders no layout (a redirect, a file) does not use it up.
import type { FastifyInstance, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface Session {
    /** A success message waiting for the next page the layout renders. */
    flash?: string | null
  }
}

/** Keeps a success message for the next page this session sees. */
export function setFlash(request: FastifyRequest, message: string): void {
  request.session.flash = message
}

/** The waiting message, once: taking it removes it. */
export function takeFlash(request: FastifyRequest): string | null {
  const message = request.session.flash ?? null
  if (message !== null) request.session.flash = null
  return message
}

/** Gives every page's layout `takeFlash()`, which partials/flash.njk calls. */
export function registerFlash(app: FastifyInstance): void {
  app.addHook('preHandler', (request, reply, done) => {
    reply.locals = {
      ...reply.locals,
      // Only a session that has one: public pages do not start a session here.
      takeFlash: () => (request.session?.flash ? takeFlash(request) : null),
    }
    done()
  })
}
