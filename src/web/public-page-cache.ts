// Public pages served from memory (issue 9). A partnership's learning pages are
// read far more than they change, and read most on the day a review is in the
// news. So each public page is rendered once per change of the data and kept,
// with a strong ETag; later requests get the kept bytes (or 304 Not Modified)
// without touching the templates or the session.
//
// A kept page is good while the data's change marker (the audit trail's head,
// services.publicLearning.changeMarker) stands still. Every committed change
// moves it, on every instance sharing the database, so a page is never served
// after the change that altered it has been committed, whichever server made it.
//
// Only visitors without a session cookie share kept pages: signed-in staff see
// their name and a sign-out button in the header, so their pages are rendered
// for them and never kept. Kept pages carry no per-request nonce: the only
// inline script (govuk-frontend's js-enabled line) is allowed by its hash.
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** What browsers and proxies may do with a public page: keep it a minute, then ask again. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, must-revalidate'

interface KeptPage {
  marker: number
  status: number
  body: Buffer
  etag: string
  headers: Record<string, string>
  /** Every header of a full answer, content length and ETag included: for the raw path. */
  fullHeaders: Record<string, string | number>
  /** The headers of a 304 Not Modified answer. */
  notModifiedHeaders: Record<string, string>
}

const publicReplies = new WeakSet<FastifyReply>()

/** The security plugin leaves these replies' Cache-Control alone (everything else: no-store). */
export function isPublicPageReply(reply: FastifyReply): boolean {
  return publicReplies.has(reply)
}

/** Headers never kept with a page: they belong to one response. */
const PER_RESPONSE_HEADERS = new Set(['set-cookie', 'content-length', 'date', 'connection'])

function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = []
  for (const match of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    const source = match[1] ?? ''
    hashes.push(`'sha256-${createHash('sha256').update(source).digest('base64')}'`)
  }
  return hashes
}

/** The page's Content-Security-Policy with the nonces replaced by the inline scripts' hashes. */
function policyWithoutNonces(policy: string, html: string): string {
  const hashes = inlineScriptHashes(html)
  return policy
    .split(';')
    .map((directive) => {
      const trimmed = directive.trim().replace(/\s*'nonce-[^']*'/g, '')
      return /^script-src(\s|$)/.test(trimmed) && hashes.length > 0
        ? `${trimmed} ${hashes.join(' ')}`
        : trimmed
    })
    .join('; ')
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`
}

function matchesEtag(request: { headers: IncomingMessage['headers'] }, etag: string): boolean {
  const header = request.headers['if-none-match']
  if (header === undefined) return false
  if (header.trim() === '*') return true
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
}

export class PublicPageCache {
  private readonly pages = new Map<string, KeptPage>()
  private markerInFlight: Promise<number> | null = null

  constructor(
    private readonly readMarker: () => Promise<number>,
    private readonly sessionCookieNames: readonly string[],
    private readonly maxPages = 1000,
  ) {}

  /**
   * The data's change marker. Requests that arrive while it is being read
   * share the one read, so a busy page costs one tiny query per round, not one
   * per request.
   */
  currentMarker(): Promise<number> {
    this.markerInFlight ??= this.readMarker().finally(() => {
      this.markerInFlight = null
    })
    return this.markerInFlight
  }

  /** May this request share kept pages? Not if it may belong to a signed-in person. */
  isAnonymous(request: { headers: IncomingMessage['headers'] }): boolean {
    const cookies = request.headers.cookie
    if (cookies === undefined) return true
    return !this.sessionCookieNames.some((name) => cookies.includes(`${name}=`))
  }

  /**
   * Answers from a kept page if there is one for this address that the data
   * has not moved past. True when the reply was sent.
   */
  async answerFromMemory(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const kept = this.pages.get(request.url)
    if (kept === undefined || !this.isAnonymous(request)) return false
    if ((await this.currentMarker()) !== kept.marker) return false
    // Most recently used last, so the oldest is the one let go when full.
    this.pages.delete(request.url)
    this.pages.set(request.url, kept)
    this.send(request, reply, kept)
    return true
  }

  /**
   * The same as answerFromMemory, straight on Node's request and response,
   * before Fastify routes the request, builds its request and reply objects
   * and runs its hooks: a kept page then costs about what a bare server's
   * answer does (issue 9: at least 60% of a bare server's requests a second).
   * Anything it does not answer goes on to Fastify untouched. Such answers are
   * not in the request log: they are the same bytes for everyone.
   */
  async answerRaw(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false
    const url = request.url ?? ''
    const kept = this.pages.get(url)
    if (kept === undefined || !this.isAnonymous(request)) return false
    if ((await this.currentMarker()) !== kept.marker) return false
    this.pages.delete(url)
    this.pages.set(url, kept)
    if (kept.status === 200 && matchesEtag(request, kept.etag)) {
      response.writeHead(304, kept.notModifiedHeaders)
      response.end()
    } else {
      response.writeHead(kept.status, kept.fullHeaders)
      response.end(request.method === 'HEAD' ? undefined : kept.body)
    }
    return true
  }

  /**
   * Renders a public page for this request, keeping it for the next visitors
   * when the request is anonymous. `render` gets the marker read before the
   * data, so the page is never kept under a newer marker than its data.
   */
  async serve(
    request: FastifyRequest,
    reply: FastifyReply,
    render: (
      forEveryone: boolean,
    ) => Promise<{ status: number; body: string; contentType: string }>,
  ): Promise<FastifyReply> {
    if (!this.isAnonymous(request)) {
      const page = await render(false)
      return reply.code(page.status).type(page.contentType).send(page.body)
    }
    const marker = await this.currentMarker()
    const page = await render(true)
    const body = Buffer.from(page.body)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined || PER_RESPONSE_HEADERS.has(name)) continue
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value)
    }
    const policy = headers['content-security-policy']
    if (policy !== undefined && page.contentType.startsWith('text/html')) {
      headers['content-security-policy'] = policyWithoutNonces(policy, page.body)
    }
    headers['content-type'] = page.contentType
    headers['cache-control'] = PUBLIC_CACHE_CONTROL
    // A signed-in person's copy differs, so shared caches must not mix them up.
    headers.vary = 'Cookie'
    const etag = etagOf(body)
    const kept: KeptPage = {
      marker,
      status: page.status,
      body,
      etag,
      headers,
      fullHeaders: { ...headers, etag, 'content-length': body.length },
      notModifiedHeaders: notModifiedHeadersOf(headers, etag),
    }
    this.keep(request.url, kept)
    this.send(request, reply, kept)
    return reply
  }

  /** Forgets every kept page (tests, or an operator who wants a clean start). */
  clear(): void {
    this.pages.clear()
  }

  get size(): number {
    return this.pages.size
  }

  private keep(url: string, page: KeptPage): void {
    this.pages.delete(url)
    if (this.pages.size >= this.maxPages) {
      const [oldest] = this.pages.keys()
      if (oldest !== undefined) this.pages.delete(oldest)
    }
    this.pages.set(url, page)
  }

  private send(request: FastifyRequest, reply: FastifyReply, page: KeptPage): void {
    publicReplies.add(reply)
    reply.headers(page.headers)
    reply.header('etag', page.etag)
    if (page.status === 200 && matchesEtag(request, page.etag)) {
      void reply.code(304).send()
      return
    }
    void reply.code(page.status).send(page.body)
  }
}

/** What a 304 repeats of a full answer (RFC 9110 15.4.5): validators and caching. */
function notModifiedHeadersOf(
  headers: Record<string, string>,
  etag: string,
): Record<string, string> {
  const kept: Record<string, string> = { etag }
  for (const name of ['cache-control', 'vary', 'content-location', 'expires']) {
    const value = headers[name]
    if (value !== undefined) kept[name] = value
  }
  return kept
}

/**
 * The fast path: before sessions, security headers and templates, a kept page
 * is answered from memory. Registered before the other plugins so it runs first.
 */
export function registerPublicPageCache(app: FastifyInstance, cache: PublicPageCache): void {
  app.addHook('onRequest', async (request, reply) => {
    if (await cache.answerFromMemory(request, reply)) return reply
    return undefined
  })
}
