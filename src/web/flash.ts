// A success message shown once, on the page after a save ("Incident recorded",
// "6 entries imported"): the route that saves sets it before its redirect, and
// the layout shows it as a GOV.UK success notification banner
// (partials/flash.njk), taking it out of the session as it does. Only plain
// text is kept: it is escaped like any other text when shown.
import type { FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface Session {
    /** The success message waiting for the next page this person opens. */
    flash?: string | null
  }
}

/** A flash longer than this is cut short: it is a one-line confirmation, not a page. */
const FLASH_MAX_LENGTH = 300

/** Shows `text` once, as a success banner on the next page this person opens. */
export function setFlash(request: FastifyRequest, text: string): void {
  request.session.flash = text.slice(0, FLASH_MAX_LENGTH)
}

/**
 * The waiting message, taken out of the session so it is shown once. Called by
 * the layout as it renders (through `takeFlash` in the page context), so a
 * redirect or an asset request in between does not use it up.
 */
export function takeFlash(request: FastifyRequest): string | null {
  // No session is made just to look: public pages stay cookie-free.
  const session = (request as Partial<Pick<FastifyRequest, 'session'>>).session
  const text = session?.flash
  if (typeof text !== 'string' || text === '') return null
  session!.flash = null
  return text
}
