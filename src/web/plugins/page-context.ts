import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../../config.js'
import { takeFlash } from '../flash.js'
import { navigationFor } from '../navigation.js'

declare module 'fastify' {
  interface FastifyReply {
    /** Template variables every page shares (read by @fastify/view). */
    locals: Record<string, unknown> | undefined
  }
}

/** What every page's layout needs: the nonce, the person, the navigation, a success message. */
export function registerPageContext(app: FastifyInstance, config: AppConfig): void {
  app.addHook('preHandler', (request, reply, done) => {
    const path = request.url.split('?')[0] ?? '/'
    const actor = request.actor
    const navigation = navigationFor(actor, path)
    // Someone in several partnerships sees, on every staff page, which one they
    // are working in and a link to change it (issue 12).
    const choice = request.partnershipChoice
    const workingIn =
      choice !== null && choice.partnerships.length > 1 && path.startsWith('/manage')
        ? {
            name:
              choice.partnerships.find((partnership) => partnership.id === choice.chosen)?.name ??
              'all your partnerships',
            href: '/manage/partnership-choice',
          }
        : null
    reply.locals = {
      ...reply.locals,
      serviceName: config.serviceName,
      cspNonce: reply.cspNonce.script,
      currentUser: actor ? { displayName: actor.displayName } : null,
      navigation,
      workingIn,
      // Lazy, so public pages do not create a session just to render a token.
      csrfToken: () => reply.generateCsrf(),
      // Read by the layout as it renders, so the message is used up only when shown.
      takeFlash: () => takeFlash(request),
    }
    done()
  })
}
