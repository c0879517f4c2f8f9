import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { assertCan, can, type Permission } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import type { Services } from '../../services/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person (or API token owner); null for the public. */
    actor: Actor | null
  }
}

/** Loads the signed-in person from the session on every browser request. */
export function registerAuthentication(app: FastifyInstance, services: Services): void {
  app.decorateRequest('actor', null)
  app.addHook('preHandler', async (request) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return
    const userId = request.session.userId
    if (userId === undefined) return
    request.actor = await services.auth.actorFor(userId)
    // The account was disabled or removed since sign-in: end the session now.
    if (request.actor === null) await request.session.destroy()
  })
}

/** A preHandler for staff pages: sends the public to sign in, refuses the rest. */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.actor) {
      await reply.redirect('/sign-in')
      return
    }
    assertCan(request.actor, permission)
  }
}

export function userCan(request: FastifyRequest, permission: Permission): boolean {
  return can(request.actor, permission)
}
