// A success message after a save ("Meeting saved"), shown once on the next page
// (GOV.UK notification banner, success). Kept in the session between the
// POST and the GET its redirect leads to; the layout shows it and it is gone.
import type { FastifyInstance, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface Session {
    flash?: string
  }
}

/** Keeps a success message for the next page this person opens. */
export function setFlash(request: FastifyRequest, message: string): void {
  request.session.flash = message
}

/** Hands a waiting message to the page being rendered (as `flash`), once. */
export function registerFlash(app: FastifyInstance): void {
  app.addHook('preHandler', (request, reply, done) => {
    // Only a page (GET) takes it: a POST that fails re-renders without it.
    const message = request.method === 'GET' ? request.session?.flash : undefined
    if (message !== undefined) {
      request.session.flash = undefined
      reply.locals = { ...reply.locals, flash: message }
    }
    done()
  })
}
