// Cookies, sessions, CSRF, security headers and rate limits, set up in one place
// so that every route gets them and none can forget.
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import helmet from '@fastify/helmet'
import rateLimit, {
  type FastifyRateLimitStore,
  type FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit'
import session from '@fastify/session'
import type { FastifyInstance, Session } from 'fastify'
import type { AppConfig } from '../../config.js'
import type { RateLimitService } from '../../services/rate-limits/rate-limit-service.js'
import type { SessionService } from '../../services/session-service.js'
import { isPublicPageReply } from '../public-page-cache.js'

declare module 'fastify' {
  interface Session {
    userId?: string
  }
}

/**
 * How long the cookie and the stored session last: the absolute time-out plus an
 * hour, so that just after a time-out the browser still brings the cookie and
 * the person is told why they were signed out. The time-outs themselves are
 * enforced on every request (plugins/authentication.ts), not by this.
 */
function sessionMaxAgeMs(config: AppConfig): number {
  return (config.sessionAbsoluteHours + 1) * 60 * 60 * 1000
}

interface StoredSession {
  userId?: string
  cookie?: { expires?: string | Date | null; originalMaxAge?: number | null }
}

function sessionStore(sessions: SessionService, maxAgeMs: number): session.SessionStore {
  return {
    set(sessionId: string, value: Session, callback: (error?: unknown) => void) {
      // The row's end is counted on the services' clock, the one `load` and the
      // time-outs read: the cookie's own expiry comes from the wall clock, and a
      // test clock set to another day (issue 7) would otherwise find every
      // session already over, or never over. In production both clocks agree.
      const expiresAt = new Date(sessions.now().getTime() + maxAgeMs)
      sessions.save(sessionId, value as StoredSession, expiresAt).then(() => callback(), callback)
    },
    get(sessionId: string, callback: (error: unknown, value?: Session | null) => void) {
      sessions.load(sessionId).then(
        (value) => callback(null, (value as Session | undefined) ?? null),
        (error: unknown) => callback(error),
      )
    },
    destroy(sessionId: string, callback: (error?: unknown) => void) {
      sessions.destroy(sessionId).then(() => callback(), callback)
    },
  }
}

/**
 * The rate limiter's counters, kept in the database (issue 12): every instance
 * behind the proxy counts the same client's attempts in the same rows, so a
 * limit of 10 a minute is 10 a minute however many instances there are, and a
 * restart forgets nothing. Each route counts apart, as the plugin's own stores do.
 */
function databaseRateLimitStore(rateLimits: RateLimitService): FastifyRateLimitStoreCtor {
  // The wall clock, not the services' one: see rate-limit-service.ts.
  const wallClockMs = () => Date.now()
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(private readonly prefix = '') {}
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      rateLimits.count(this.prefix + key, timeWindow, wallClockMs()).then(
        (counted) => callback(null, { current: counted.current, ttl: counted.msLeft }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )
    }
    read(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    ): void {
      rateLimits.read(this.prefix + key, wallClockMs()).then(
        (counted) => callback(null, { current: counted.current, ttl: counted.msLeft }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )
    }
    // The plugin passes the route's merged settings, its route under `routeInfo`
    // (the declared type leaves that out).
    child(routeOptions: object): FastifyRateLimitStore {
      const { routeInfo } = routeOptions as {
        routeInfo?: { method?: string | string[]; url?: string }
      }
      const method = routeInfo?.method ?? ''
      const route = `${Array.isArray(method) ? method.join(',') : method}${routeInfo?.url ?? ''}`
      return new DatabaseStore(`${this.prefix}${route}-`)
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor
}

export async function registerSecurity(
  app: FastifyInstance,
  config: AppConfig,
  sessions: SessionService,
  rateLimits: RateLimitService,
): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        upgradeInsecureRequests: config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: config.secureCookies
      ? { maxAge: 31_536_000, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: 'same-origin' },
    // Helmet's default is SAMEORIGIN; match frame-ancestors 'none' for browsers
    // that only know this header.
    xFrameOptions: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  })

  await app.register(cookie)
  await app.register(session, {
    secret: config.sessionSecret,
    cookieName: config.secureCookies ? '__Host-session' : 'session',
    saveUninitialized: false,
    rolling: false,
    store: sessionStore(sessions, sessionMaxAgeMs(config)),
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies,
      path: '/',
      maxAge: sessionMaxAgeMs(config),
    },
  })
  await app.register(csrf, {
    sessionPlugin: '@fastify/session',
    // Only the form field: no header fallback, so a token cannot ride along in a
    // cross-site request a browser would send with cookies.
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined
      const token = body?._csrf
      if (typeof token === 'string') return token
      // A multipart form's fields arrive as { value } objects.
      const field = token as { value?: unknown } | undefined
      return typeof field?.value === 'string' ? field.value : undefined
    },
  })
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(rateLimits) })

  // Every state-changing browser request must carry the session's CSRF token.
  // The JSON API is exempt: it uses bearer tokens, never cookies.
  app.addHook('preHandler', (request, reply, done) => {
    const method = request.method
    const safe = method === 'GET' || method === 'HEAD' || method === 'OPTIONS'
    if (safe || request.url.startsWith('/api/')) {
      done()
      return
    }
    app.csrfProtection(request, reply, done)
  })

  // Pages about children must not be kept in shared or browser caches.
  app.addHook('onSend', (request, reply, payload, done) => {
    // Public pages say for themselves how long they may be kept (public-page-cache.ts).
    if (!request.url.startsWith('/assets/') && !isPublicPageReply(reply)) {
      reply.header('cache-control', 'no-store')
    }
    done(null, payload)
  })
}
