import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { assertCan, can, type Permission } from '../../domain/access/policy.js'
import { actingFor, partnershipsOf, type Actor } from '../../domain/access/roles.js'
import type { FirstFactor } from '../../services/account-security-service.js'
import type { Services } from '../../services/index.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person (or API token owner); null for the public. */
    actor: Actor | null
    /**
     * Every partnership the signed-in person belongs to, and the one they chose
     * to work in (null: all of them at once). `actor` holds only the chosen
     * partnership's roles (issue 12).
     */
    partnershipChoice: {
      partnerships: { id: string; slug: string; name: string }[]
      chosen: string | null
    } | null
  }
  interface Session {
    /** When the person signed in, and when they last did anything (ISO; issue 4 time-outs). */
    signedInAt?: string
    lastActivityAt?: string
    /** Password (or single sign-on) accepted, the code not yet: not signed in. */
    twoFactorPending?: { userId: string; firstFactor: FirstFactor; startedAt: string }
    /** Signed in, but nothing else until two-factor authentication is set up. */
    twoFactorEnrolmentRequired?: boolean
    /** The partnership a person in several chose to work in (issue 12); unset: all of them. */
    actingPartnershipId?: string
  }
}

export const TWO_FACTOR_SIGN_IN_PATH = '/sign-in/two-factor'
export const TWO_FACTOR_ENROLMENT_PATH = '/manage/account/two-factor'

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '/'
}

function isStaffPath(path: string): boolean {
  return path === '/manage' || path.startsWith('/manage/')
}

/** GET keeps 302 (as elsewhere); a form post is answered 303 so the browser GETs. */
function redirectTo(request: FastifyRequest, reply: FastifyReply, url: string) {
  return reply.redirect(url, request.method === 'GET' || request.method === 'HEAD' ? 302 : 303)
}

/**
 * Loads the signed-in person from the session on every browser request, ends
 * sessions that were idle or lived too long (issue 4), and keeps someone who must
 * set up two-factor authentication on that page until they have.
 */
export function registerAuthentication(app: FastifyInstance, services: Services): void {
  app.decorateRequest('actor', null)
  app.decorateRequest('partnershipChoice', null)
  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith('/assets/')) return
    const session = request.session
    const userId = session.userId
    if (userId === undefined && session.twoFactorPending === undefined) return

    const timeout = services.sessions.timeoutOf(session)
    if (timeout !== null) {
      await session.destroy()
      const path = pathOf(request)
      // Someone reading the public pages just carries on as the public.
      const publicPage = request.method === 'GET' && !isStaffPath(path) && path !== '/sign-in'
      if (!publicPage) return redirectTo(request, reply, `/sign-in?signed-out=${timeout}`)
      return
    }
    const activity = services.sessions.activityToRecord(session)
    if (activity !== null) session.lastActivityAt = activity
    if (userId === undefined) return

    const actor = await services.auth.actorFor(userId)
    // The account was disabled or removed since sign-in: end the session now.
    if (actor === null) {
      await session.destroy()
      return
    }
    // Someone in several partnerships works in the one they chose: every page
    // and check then sees that partnership's roles alone. A choice that no
    // longer matches a membership (the role was taken away) is forgotten.
    const partnerships = partnershipsOf(actor)
    let chosen = session.actingPartnershipId ?? null
    if (chosen !== null && !partnerships.some((partnership) => partnership.id === chosen)) {
      delete session.actingPartnershipId
      chosen = null
    }
    request.actor = actingFor(actor, chosen)
    request.partnershipChoice = { partnerships, chosen }
    const path = pathOf(request)
    if (!isStaffPath(path) || path === TWO_FACTOR_ENROLMENT_PATH) return
    // Asked again on every staff request, not only at sign-in: a role that
    // needs two-factor authentication, given while signed in, or "require it
    // for everyone" reaches sessions already open at their next click (and a
    // requirement lifted stops holding them).
    // With every role the person holds, not only the chosen partnership's: a
    // coordinator elsewhere cannot escape two-factor authentication by
    // choosing a partnership where they are a practitioner.
    const required = await services.accountSecurity.mustSetUpTwoFactor(actor)
    if (required !== (session.twoFactorEnrolmentRequired === true)) {
      session.twoFactorEnrolmentRequired = required
    }
    if (required) return redirectTo(request, reply, TWO_FACTOR_ENROLMENT_PATH)
  })
}

/** Where someone who is not signed in goes: the code page if they are half-way. */
function signInAddress(request: FastifyRequest): string {
  return request.session?.twoFactorPending ? TWO_FACTOR_SIGN_IN_PATH : '/sign-in'
}

/** A preHandler for staff pages: sends the public to sign in, refuses the rest. */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.actor) {
      await reply.redirect(signInAddress(request))
      return
    }
    assertCan(request.actor, permission)
  }
}

/** A preHandler for one's own account pages: any signed-in person, whatever their roles. */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply) {
  if (!request.actor) await reply.redirect(signInAddress(request))
}

export function userCan(request: FastifyRequest, permission: Permission): boolean {
  return can(request.actor, permission)
}

/**
 * Signs the person in: a new session id (an id planted before sign-in is
 * useless), the times the time-outs count from, and, if they must still set up
 * two-factor authentication, the flag that keeps them on that page.
 */
export async function startSignedInSession(
  request: FastifyRequest,
  services: Services,
  userId: string,
  options: { enrolmentRequired: boolean },
): Promise<void> {
  await request.session.regenerate()
  request.session.userId = userId
  Object.assign(request.session, services.sessions.startTimes())
  if (options.enrolmentRequired) request.session.twoFactorEnrolmentRequired = true
}

/** The password (or single sign-on) was right; the code is still to come. Not signed in. */
export async function startTwoFactorStep(
  request: FastifyRequest,
  services: Services,
  userId: string,
  firstFactor: FirstFactor,
): Promise<void> {
  await request.session.regenerate()
  const times = services.sessions.startTimes()
  request.session.twoFactorPending = { userId, firstFactor, startedAt: times.signedInAt }
  Object.assign(request.session, times)
}

/** Where the first step of signing in leads. */
export function addressAfterFirstStep(next: 'none' | 'verify' | 'enrol'): string {
  if (next === 'verify') return TWO_FACTOR_SIGN_IN_PATH
  if (next === 'enrol') return TWO_FACTOR_ENROLMENT_PATH
  return '/manage'
}
