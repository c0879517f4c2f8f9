import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../../config.js'
import { can } from '../../domain/access/policy.js'

declare module 'fastify' {
  interface FastifyReply {
    /** Template variables every page shares (read by @fastify/view). */
    locals: Record<string, unknown> | undefined
  }
}

/** What every page's layout needs: the nonce, the person, the navigation. */
export function registerPageContext(app: FastifyInstance, config: AppConfig): void {
  app.addHook('preHandler', (request, reply, done) => {
    const path = request.url.split('?')[0] ?? '/'
    const actor = request.actor
    const navigation = [
      {
        href: '/',
        text: 'Learning from reviews',
        active: path === '/' || path.startsWith('/reviews'),
      },
      can(actor, 'manage:open')
        ? { href: '/manage', text: 'Manage', active: path.startsWith('/manage') }
        : { href: '/sign-in', text: 'Staff sign in', active: path === '/sign-in' },
    ]
    reply.locals = {
      ...reply.locals,
      serviceName: config.serviceName,
      cspNonce: reply.cspNonce.script,
      currentUser: actor ? { displayName: actor.displayName } : null,
      navigation,
      // Lazy, so public pages do not create a session just to render a token.
      csrfToken: () => reply.generateCsrf(),
    }
    done()
  })
}
