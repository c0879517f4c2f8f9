// Issue 4, "Hostile input": the corpora of test/support/hostile-inputs.ts sent
// to every form field and every API field the application has, found from the
// application itself so a new form or endpoint cannot be forgotten:
//   - forms: every page reachable by following links, as each demo account and
//     as an anonymous visitor, plus records set up first in the states that
//     show the forms the demo data never shows (support/hostile-coverage.ts:
//     an editable rapid review, reviews that can start or take their final
//     report, …); each <form>'s fields as the page had them, with one field
//     replaced by one hostile value at a time (plus the CSRF token). Every POST
//     route of the router must have been fuzzed so, bar a short list of
//     reasoned exceptions: a new form nobody can reach fails the test;
//   - API: every operation of the OpenAPI document (and every route of the
//     API is in it), each query and path parameter, and each JSON field of
//     each request body, on real records so the body is read at all.
// Asserted for every request: never a 5xx; no payload as live markup in any
// HTML response (nor in the page a successful save redirects to); a refused
// request (4xx) changes the row count of no table; a save that changes any
// table writes an audit event in the same go. Then oversized bodies (413) and
// wrong content types (415).
//
// Runtime (about 55 s a leg on SQLite, 65 s on PostgreSQL): the full product
// of ~55 forms' fields and ~40 values would be tens of thousands of requests,
// so fuzzPlan (hostile-inputs.ts) gives every field the core values of its
// kind (script and HTML injection, SQL, NUL, 10 000 characters; for date parts
// and numbers: impossible years, Arabic-Indic digits, 1e309, -0, a huge
// integer) and sends every other value of the corpus to one field of each form
// in turn, so each value still reaches every form; planWithMinimum
// (hostile-coverage.ts) then tops every field up to script or HTML injection,
// 10 000 characters, control characters and, for dates, an impossible one, and
// keeps the CSRF token (checked before the form is read) to a few values. The
// same form on many records (each stage of a review) is fuzzed once. The API
// gets the whole text corpus on every field and parameter.
// PostgreSQL rotates a shorter list (bad bytes, lone surrogates, control
// characters, impossible dates, huge integers): the failures peculiar to it
// (NUL, integer overflow, encodings) are all in the core or that list.
import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import {
  HOSTILE_JSON_VALUES,
  MILLION_CHARACTERS,
  SCRIPT,
  unescapedPayloadIn,
  textValues,
  type FuzzField,
  type HostileKind,
} from '../support/hostile-inputs.js'
import {
  Browser,
  DEMO_PASSWORD,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import { entriesOf, formsIn, type PageForm } from './support/forms.js'
import {
  apiRoutesNotDocumented,
  planWithMinimum,
  postRoutesNotFuzzed,
  routeOf,
  seedForCoverage,
  type SeedCrawl,
} from './support/hostile-coverage.js'
import { apiToken, dbOf } from './support/incident-helpers.js'
import {
  BOTH_PARTNERSHIPS_EMAIL,
  DEPLOYMENT_ADMIN_EMAIL,
  routeCollector,
} from './support/route-walk.js'
import { COMMAND_LINE } from '../../src/services/context.js'

const ACCOUNTS = [
  'administrator@wandsworth.example',
  'coordinator@wandsworth.example',
  'reviewer@wandsworth.example',
  'partner@wandsworth.example',
  'agency-lead@wandsworth.example',
  'practitioner@wandsworth.example',
  'coordinator@southwark.example',
  // Many partnerships (issue 12): the deployment administrator's forms (a new
  // partnership) and the partnership choice of someone in both, made below.
  DEPLOYMENT_ADMIN_EMAIL,
  BOTH_PARTNERSHIPS_EMAIL,
]

/** The accounts of many partnerships that the demo data does not have. */
async function addMultiPartnershipAccounts(harness: Harness): Promise<void> {
  const { services } = harness
  await services.deployment.createDeploymentAdministrator(
    { email: DEPLOYMENT_ADMIN_EMAIL, displayName: 'Dana Deployment', password: DEMO_PASSWORD },
    COMMAND_LINE,
  )
  for (const [partnershipSlug, role] of [
    ['wandsworth', 'practitioner'],
    ['southwark', 'business-unit'],
  ] as const) {
    await services.users.createUser(
      {
        email: BOTH_PARTNERSHIPS_EMAIL,
        displayName: 'Sam Both',
        partnershipSlug,
        role,
        password: DEMO_PASSWORD,
      },
      COMMAND_LINE,
    )
  }
}

/** Pages whose links are followed from; anonymous visitors start at the public ones. */
const START_PAGES = ['/', '/manage', '/sign-in', '/reviews']
const PAGES_PER_ACCOUNT = 120
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi

/** The form that ends the session: fuzzing it would end the crawl's session. */
const SESSION_ENDING = /\/sign-out$/

/**
 * POST routes the crawl cannot fuzz, each with the reason; every other POST
 * route of the router must have been reached through a form on a page.
 */
const NOT_FUZZED: Record<string, string> = {
  // Ends the session the crawl runs in; its only field is the CSRF token, which
  // every form shares (and is fuzzed on all of them). sign-in-and-roles.test.ts
  // covers it.
  'POST /sign-out': 'ends the crawl’s own session',
}

/** The router's routes, collected while each leg's app is built. */
const collector = routeCollector()

/** Audit events a refused request may still write: refusals and views, never changes. */
const REFUSAL_EVENTS = /(failed|locked|refused|viewed|denied)$/

/**
 * Tables whose row counts may move without a change to the record: sessions,
 * and the rate-limit counters (counting refused attempts too is their job).
 */
const SESSION_TABLES = new Set(['user_session', 'rate_limit_counter'])

function pattern(url: string): string {
  return (
    url
      .replace(UUID, ':id')
      .replace(/\d{4}-\d{2}-\d{2}/g, ':date')
      .split('?')[0] ?? url
  )
}

// ── Row counts of every table, in one query ──────────────────────────────────

async function tableNames(harness: Harness): Promise<string[]> {
  const db = dbOf(harness)
  const rows =
    harness.dialect === 'sqlite'
      ? await sql<{
          name: string
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
          db,
        )
      : await sql<{
          name: string
        }>`select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(
          db,
        )
  return rows.rows.map((row) => row.name).sort()
}

type Counts = Record<string, number>

async function countAll(harness: Harness, tables: readonly string[]): Promise<Counts> {
  const selects = tables.map(
    (table) => sql`(select count(*) from ${sql.table(table)}) as ${sql.ref(table)}`,
  )
  const result = await sql<Record<string, string | number>>`select ${sql.join(selects)}`.execute(
    dbOf(harness),
  )
  const row = result.rows[0] ?? {}
  return Object.fromEntries(tables.map((table) => [table, Number(row[table] ?? 0)]))
}

function changedTables(before: Counts, after: Counts): string[] {
  return Object.keys(after).filter((table) => after[table] !== before[table])
}

async function auditActionsSince(harness: Harness, count: number): Promise<string[]> {
  const rows = await dbOf(harness)
    .selectFrom('audit_event')
    .select('action')
    .orderBy('sequence', 'desc')
    .limit(Math.max(count, 0))
    .execute()
  return rows.map((row) => row.action)
}

// ── Requests ─────────────────────────────────────────────────────────────────

/** A string that can be percent-encoded: lone surrogates become U+FFFD, as a browser sends them. */
function wellFormed(value: string): string {
  return Buffer.from(value, 'utf8').toString('utf8')
}

function cookieOf(browser: Browser | null): Record<string, string> {
  const session = browser?.cookieNamed('session')
  return session ? { cookie: `session=${session}` } : {}
}

/** One form entry, percent-encoded; a pre-encoded hostile value goes as it is. */
function encodeEntry(name: string, value: string, raw?: string): string {
  const encodedName = new URLSearchParams([[name, '']]).toString().slice(0, -1)
  return raw === undefined
    ? new URLSearchParams([[name, value]]).toString()
    : `${encodedName}=${raw}`
}

function urlencoded(entries: readonly [string, string][], raw?: { name: string; encoded: string }) {
  return entries
    .map(([name, value]) =>
      encodeEntry(name, value, raw && raw.name === name ? raw.encoded : undefined),
    )
    .join('&')
}

function multipart(entries: readonly [string, string][], raw?: { name: string; encoded: string }) {
  const boundary = '----hostile-input-boundary-7MA4YWxkTrZu0gW'
  const chunks: Buffer[] = []
  for (const [name, value] of entries) {
    const bytes =
      raw && raw.name === name
        ? Buffer.from(
            raw.encoded.replace(/%([0-9A-F]{2})/gi, (_, hex: string) =>
              String.fromCharCode(parseInt(hex, 16)),
            ),
            'latin1',
          )
        : Buffer.from(value, 'utf8')
    chunks.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n`,
      ),
      bytes,
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

function send(
  app: FastifyInstance,
  browser: Browser | null,
  form: PageForm,
  entries: readonly [string, string][],
  raw?: { name: string; encoded: string },
): Promise<LightMyRequestResponse> {
  if (form.method === 'get') {
    const query = urlencoded(entries, raw)
    return app.inject({
      method: 'GET',
      url: `${form.action}${query === '' ? '' : `?${query}`}`,
      headers: cookieOf(browser),
    })
  }
  if (form.enctype === 'multipart/form-data') {
    const body = multipart(entries, raw)
    return app.inject({
      method: 'POST',
      url: form.action,
      headers: { ...cookieOf(browser), 'content-type': body.contentType },
      payload: body.payload,
    })
  }
  return app.inject({
    method: 'POST',
    url: form.action,
    headers: { ...cookieOf(browser), 'content-type': 'application/x-www-form-urlencoded' },
    payload: urlencoded(entries, raw),
  })
}

/** Every request is bounded: one that hangs fails the test with its name. */
async function bounded<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function isHtml(response: LightMyRequestResponse): boolean {
  return String(response.headers['content-type'] ?? '').startsWith('text/html')
}

/**
 * Failures collected rather than thrown, so one run lists every field that
 * misbehaves (a few per kind), not just the first.
 */
class Findings {
  readonly list: string[] = []
  private readonly perKind = new Map<string, number>()

  ok(condition: boolean, message: string): void {
    if (condition) return
    // Keep the report short: the same problem on many fields shows a few times.
    const kind = message.replace(/^.*?: /, '').slice(0, 40)
    const seen = this.perKind.get(kind) ?? 0
    this.perKind.set(kind, seen + 1)
    if (seen < 3 && this.list.length < 60) this.list.push(message)
  }

  assertNone(): void {
    assert.deepEqual(this.list, [], `${this.list.length} problems:\n${this.list.join('\n')}`)
  }
}

/** Never a 5xx; no live payload in HTML. */
function assertSafe(
  response: LightMyRequestResponse,
  what: string,
  findings: Findings | null = null,
): void {
  const check = (condition: boolean, message: string) =>
    findings ? findings.ok(condition, message) : assert.ok(condition, message)
  check(
    response.statusCode < 500,
    `${what}: answered ${response.statusCode}: ${response.body.replace(/\s+/g, ' ').slice(0, 200)}`,
  )
  if (isHtml(response)) {
    const payload = unescapedPayloadIn(response.body)
    check(payload === null, `${what}: unescaped ${payload ?? ''} in the page`)
  }
}

// ── Discovering the forms ────────────────────────────────────────────────────

/** A browser crawling: a demo account's, the anonymous visitor's, or a sign-in half done. */
interface Crawler {
  /** For messages. */
  readonly who: string
  readonly browser: Browser
  /** The demo account to sign in again if a form ended the session; null for none. */
  readonly account: string | null
}

interface FoundForm {
  readonly crawler: Crawler
  readonly pageUrl: string
  readonly form: PageForm
}

function linksIn(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"#]*)/g)]
    .map((match) => (match[1] ?? '').replace(/&amp;/g, '&'))
    .filter(
      (href) =>
        !href.startsWith('/assets/') &&
        !href.startsWith('/api/') &&
        !/\.(pdf|docx|csv|ics|json|txt|xml)(\?|$)/.test(href) &&
        // Downloads, but not a document's own pages (its "Withdraw" form).
        !/\/(download|documents)\/[^/]+$/.test(href) &&
        !SESSION_ENDING.test(href),
    )
}

/** Pages from `starts` on, following links (only those under `within`, if given). */
async function crawl(
  crawler: Crawler,
  starts: readonly string[] = START_PAGES,
  within?: string,
): Promise<{ pages: string[]; forms: FoundForm[] }> {
  const { browser, who } = crawler
  const queue = [...starts]
  const seenPatterns = new Set<string>()
  const pages: string[] = []
  const forms: FoundForm[] = []
  while (queue.length > 0 && pages.length < PAGES_PER_ACCOUNT) {
    const url = queue.shift() ?? '/'
    const key = pattern(url)
    if (seenPatterns.has(key)) continue
    seenPatterns.add(key)
    const response = await bounded(browser.get(url), `GET ${url}`)
    assertSafe(response, `GET ${url} as ${who}`)
    if (response.statusCode !== 200 || !isHtml(response)) continue
    pages.push(url)
    for (const form of formsIn(response.body, url)) {
      if (SESSION_ENDING.test(form.action)) continue
      forms.push({ crawler, pageUrl: url, form })
    }
    for (const link of linksIn(response.body)) {
      if (within !== undefined && link !== within && !link.startsWith(`${within}/`)) continue
      if (!seenPatterns.has(pattern(link))) queue.push(link)
    }
  }
  return { pages, forms }
}

/**
 * One form per route and field set: the same form on many pages, for many
 * accounts or records (each stage of a review, each edition's statutory
 * periods), is the same code, fuzzed once.
 */
function distinctForms(found: readonly FoundForm[], routes: ReadonlySet<string>): FoundForm[] {
  const patterns = (method: string) =>
    [...routes]
      .filter((key) => key.startsWith(`${method.toUpperCase()} `))
      .map((key) => key.slice(method.length + 1))
  const byMethod = new Map(['get', 'post'].map((method) => [method, patterns(method)]))
  const seen = new Set<string>()
  return found.filter((entry) => {
    const names = [...new Set(entry.form.controls.map((control) => control.name))].sort()
    const { method, action } = entry.form
    const route = routeOf(action, byMethod.get(method) ?? []) ?? pattern(action)
    const key = `${method} ${route} ${names.join(',')}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** A form's distinct field names, sorted: what identifies it across visits. */
function namesOf(form: PageForm): string {
  return [...new Set(form.controls.map((control) => control.name))].sort().join(',')
}

/** The fields to fuzz: one control per repeated group (child1…, child2… alike). */
function fieldsToFuzz(form: PageForm): FuzzField[] {
  const seen = new Set<string>()
  const result: FuzzField[] = []
  for (const control of form.controls) {
    if (control.kind === 'file') continue
    const group = control.name.replace(/\d+/g, '#')
    if (seen.has(group)) continue
    seen.add(group)
    const datePart = /-(day|month|year)$/.test(control.name)
    const kind: HostileKind = datePart
      ? 'date'
      : control.kind === 'number' || control.name === 'version'
        ? 'number'
        : 'text'
    // The version is hidden but a number the database compares: it gets numbers.
    const choice =
      control.name === '_csrf' ||
      (control.kind === 'hidden' && kind !== 'number') ||
      control.kind === 'radio' ||
      control.kind === 'checkbox' ||
      control.kind === 'select'
    result.push({ name: control.name, kind, choice })
  }
  return result
}

// ── The test ─────────────────────────────────────────────────────────────────

describeOnEachDatabase(
  'Hostile input against every form field and API field',
  (h) => {
    itOnLeg('forms: no 5xx, nothing unescaped, nothing stored half-done', async () => {
      const harness = h()
      const { app } = harness
      const quick = harness.dialect === 'postgres'
      const findings = new Findings()
      const tables = await tableNames(harness)
      // The records whose forms the demo data never shows, made before the crawl.
      const seeds: SeedCrawl[] = await seedForCoverage(harness)
      // The anonymous visitor keeps cookies too: the sign-in form's CSRF token lives in a session.
      const anonymous: Crawler = { who: 'anonymous', browser: new Browser(app), account: null }
      const crawlers = new Map<string, Crawler>()
      await addMultiPartnershipAccounts(harness)
      for (const account of ACCOUNTS) {
        const browser = new Browser(app)
        assert.equal((await browser.signIn(account)).statusCode, 303, `${account} signs in`)
        crawlers.set(account, { who: account, browser, account })
      }
      const found: FoundForm[] = []
      const pages: { crawler: Crawler; urls: string[] }[] = []
      const crawlOnce = async (crawler: Crawler, starts?: readonly string[], within?: string) => {
        const crawled = await crawl(crawler, starts, within)
        pages.push({ crawler, urls: crawled.pages })
        found.push(...crawled.forms)
      }
      // The seeded records first: where the same form is also on a demo record,
      // the seeded one (whose values are valid) is the one fuzzed, and before any
      // other form (closing an incident, say) can change its state.
      await crawlOnce(anonymous)
      for (const seed of seeds) {
        const crawler: Crawler = seed.browser
          ? { who: `${seed.account} (signing in)`, browser: seed.browser, account: null }
          : (crawlers.get(seed.account) ?? assert.fail(`no browser for ${seed.account}`))
        await crawlOnce(crawler, [seed.start], seed.within)
      }
      for (const crawler of crawlers.values()) await crawlOnce(crawler)
      // Anonymous forms (sign-in, the code page) first, account forms (passwords, two-factor) last.
      const order = (entry: FoundForm) =>
        entry.crawler.account === null ? 0 : /account|two-factor/.test(entry.form.action) ? 2 : 1
      const forms = distinctForms(found, collector.routes).sort((a, b) => order(a) - order(b))

      // Every POST route of the pages has a form the crawl found, bar the reasoned exceptions.
      const pageRoutes = [...collector.routes].filter((key) => !key.startsWith('POST /api/'))
      assert.ok(pageRoutes.length > 50, `the router lists its routes (${pageRoutes.length})`)
      assert.deepEqual(
        Object.keys(NOT_FUZZED).filter((key) => !collector.routes.has(key as never)),
        [],
        'exceptions for routes that no longer exist',
      )
      const unfound = postRoutesNotFuzzed(
        pageRoutes,
        forms.filter((entry) => entry.form.method === 'post').map((entry) => entry.form.action),
      ).filter((key) => NOT_FUZZED[key] === undefined)
      assert.deepEqual(unfound, [], 'POST routes with no form found by the crawl')

      let requests = 0
      /** The addresses of the POST forms that were sent at least one hostile value. */
      const fuzzed = new Set<string>()
      for (const { crawler, pageUrl, form } of forms) {
        const { browser, who, account } = crawler
        const load = async (): Promise<[string, string][] | null> => {
          const page = await bounded(browser.get(pageUrl), `GET ${pageUrl}`)
          const again = formsIn(page.body, pageUrl).find(
            (candidate) =>
              candidate.action === form.action &&
              candidate.method === form.method &&
              // The same fields, however many choices a list offers now: an
              // earlier form may have marked one of them entered in error.
              namesOf(candidate) === namesOf(form),
          )
          return again ? entriesOf(again) : null
        }
        let base = await load()
        if (!base) continue

        // The million characters: over the form limit, refused whole (GET forms: a long URL).
        if (form.method === 'post') {
          const before = await countAll(harness, tables)
          const firstText = form.controls.find(
            (control) => control.kind === 'text' || control.kind === 'textarea',
          )
          const name = firstText?.name ?? form.controls[0]?.name ?? 'field'
          const response = await bounded(
            send(app, browser, form, [
              ...base.filter(([entryName]) => entryName !== name),
              [name, MILLION_CHARACTERS],
            ]),
            `${form.action} with a million characters`,
          )
          requests += 1
          assertSafe(response, `${who} POST ${form.action} ${name}=1 000 000 characters`, findings)
          // 413 from the 256 KB form limit; a route with a larger limit of its own
          // (the chronology import takes pasted CSV) refuses it with its own message.
          findings.ok(
            response.statusCode === 413 || response.statusCode === 400,
            `${form.action} (${form.enctype}) ${name}: a 1 MB form is refused, not ${response.statusCode}`,
          )
          findings.ok(
            changedTables(before, await countAll(harness, tables)).filter(
              (t) => !SESSION_TABLES.has(t),
            ).length === 0,
            `${form.action}: a refused 1 MB form changed a table`,
          )
        }

        // The row counts as the last request left them, while nothing else has
        // run since (the test is alone on its database): one count a request.
        let counts: Counts | null = null
        for (const [field, value] of planWithMinimum(fieldsToFuzz(form), { quick })) {
          if (!base) break
          const what = `${who} ${form.method.toUpperCase()} ${form.action} ${field.name}=${value.name}`
          const entries: [string, string][] = [
            ...base.filter(([entryName]) => entryName !== field.name),
            [field.name, value.value],
          ]
          const before =
            form.method === 'get' ? null : (counts ?? (await countAll(harness, tables)))
          // HOSTILE_TRACE=1 names each request as it goes, to find one that hangs.
          if (process.env.HOSTILE_TRACE) console.error(what)
          const response = await bounded(
            send(
              app,
              browser,
              form,
              entries,
              value.encoded === undefined
                ? undefined
                : { name: field.name, encoded: value.encoded },
            ),
            what,
          )
          requests += 1
          assertSafe(response, what, findings)
          if (before === null) continue
          fuzzed.add(form.action)
          const after = await countAll(harness, tables)
          counts = after
          const changed = changedTables(before, after).filter((table) => !SESSION_TABLES.has(table))
          const newEvents = (after.audit_event ?? 0) - (before.audit_event ?? 0)
          if (response.statusCode >= 300 && response.statusCode < 400) {
            // A save: if it stored anything, it audited it in the same go.
            if (changed.some((table) => table !== 'audit_event')) {
              assert.ok(
                newEvents > 0,
                `${what}: changed ${changed.join(', ')} without an audit event`,
              )
            }
            const location = String(response.headers.location ?? '')
            if (location.startsWith('/')) {
              assertSafe(
                await bounded(browser.get(location), `${what}, then GET ${location}`),
                `${what}, then GET ${location}`,
              )
            }
            // The form moved on (a new version, or it is gone): read it again.
            base = await load()
            counts = null
          } else {
            if (response.statusCode === 400 && isHtml(response)) {
              // A clear error: the GOV.UK error summary, each message a link to its
              // field; or, for a hidden field a person cannot edit (a tampered
              // version), the page that says what was wrong and to reload the form.
              findings.ok(
                /<div class="govuk-error-summary"[\s\S]*?<a href="#[^"]+">[^<]+<\/a>/.test(
                  response.body,
                ) ||
                  /<h1 class="govuk-heading-l">There is a problem with what you sent<\/h1>\s*<p class="govuk-body">[^<]+<\/p>/.test(
                    response.body,
                  ),
                `${what}: refused with 400 but no error summary or message`,
              )
            }
            const events = await auditActionsSince(harness, newEvents)
            findings.ok(
              changed.filter((table) => table !== 'audit_event').length === 0,
              `${what}: refused with ${response.statusCode} but changed ${changed.join(', ')}`,
            )
            findings.ok(
              events.every((action) => REFUSAL_EVENTS.test(action)),
              `${what}: refused with ${response.statusCode} but audited ${events.join(', ')}`,
            )
            if (response.statusCode === 409) {
              base = await load()
              counts = null
            }
          }
        }
        // Still signed in: no form may have ended the session. (One's account
        // page: the deployment administrator has no /manage dashboard.)
        if (account !== null) {
          const manage = await browser.get('/manage/account')
          if (manage.statusCode !== 200) {
            assert.equal((await browser.signIn(account)).statusCode, 303, `${who} signs in again`)
          }
        }
      }
      assert.ok(requests > (quick ? 300 : 1000), `sent ${requests} hostile form requests`)
      console.log(
        `hostile input [${harness.dialect}]: ${forms.length} forms on ${pages.flatMap((crawled) => crawled.urls).length} pages, ${requests} requests`,
      )

      // Everything stored on the way, shown again on every page: still escaped.
      for (const { crawler, urls } of pages) {
        for (const url of urls) {
          const response = await crawler.browser.get(url)
          assertSafe(response, `GET ${url} as ${crawler.who} after the fuzzing`, findings)
        }
      }
      findings.assertNone()
      // Every POST route was sent hostile values (its form was still there when its turn came).
      assert.deepEqual(
        postRoutesNotFuzzed(pageRoutes, fuzzed).filter((key) => NOT_FUZZED[key] === undefined),
        [],
        'POST routes found but not fuzzed',
      )
    })

    itOnLeg('API: every JSON field and query parameter; no 5xx, nothing half-stored', async () => {
      const harness = h()
      const { app } = harness
      const quick = harness.dialect === 'postgres'
      const findings = new Findings()
      const tables = await tableNames(harness)
      const token = await apiToken(harness, 'coordinator@wandsworth.example')
      const document = (await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).json<{
        servers: { url: string }[]
        paths: Record<
          string,
          Record<
            string,
            {
              parameters?: { name: string; in: string; required?: boolean }[]
              requestBody?: {
                content: Record<string, { schema: { properties?: Record<string, unknown> } }>
              }
            }
          >
        >
      }>()
      const prefix = document.servers[0]?.url ?? '/api/v1'
      const auth = { authorization: `Bearer ${token}` }

      // The document is what is fuzzed: every route of the API must be in it
      // (those taking no input too, which costs nothing), and nothing else.
      assert.deepEqual(
        apiRoutesNotDocumented(collector.routes, prefix, document.paths),
        [],
        'API routes missing from the OpenAPI document, so never fuzzed',
      )
      const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map(
          (method) => `${method.toUpperCase()} ${prefix}${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      )
      assert.deepEqual(
        documented.filter((key) => !collector.routes.has(key as never)),
        [],
        'operations of the OpenAPI document the router does not have',
      )

      // Real records for path parameters: with an unknown id a route answers
      // 404 before it reads the body, which would then never be fuzzed. The
      // action is Wandsworth's on the Southwark-led Child Y review, which its
      // business unit may update.
      const db = dbOf(harness)
      const realIds: Record<string, string> = {
        incidents: (
          await db
            .selectFrom('incident')
            .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
            .select('incident.id')
            .where('partnership.slug', '=', 'wandsworth')
            .executeTakeFirstOrThrow()
        ).id,
        'rapid-reviews': (
          await db
            .selectFrom('rapid_review')
            .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
            .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
            .select('rapid_review.id')
            .where('partnership.slug', '=', 'wandsworth')
            .where('rapid_review.state', '=', 'panel-responded')
            .executeTakeFirstOrThrow()
        ).id,
        reviews: (
          await db
            .selectFrom('review')
            .select('id')
            .where('slug', '=', 'demo-review-child-c')
            .executeTakeFirstOrThrow()
        ).id,
        actions: (
          await db
            .selectFrom('action')
            .innerJoin('review', 'review.id', 'action.review_id')
            .select('action.id')
            .where('review.slug', '=', 'child-y-scr')
            .orderBy('action.due_on', 'desc')
            .executeTakeFirstOrThrow()
        ).id,
      }

      // Valid values for required parameters and bodies, so each request is wrong in one place only.
      const validQuery: Record<string, string> = {
        from: '2023-12-21',
        add: '5',
        limit: '10',
        offset: '0',
        partnership: 'wandsworth',
      }
      const validBodies: Record<string, Record<string, unknown>> = {
        '/incidents': {
          childPseudonym: 'Child H',
          awareOn: '2023-12-21',
          incidentOn: '2023-12-20',
          harm: 'serious-harm',
          abuseOrNeglect: 'suspected',
          place: 'Home',
        },
      }
      /** A valid body; an update carries the action's version as it is now. */
      const validBody = async (path: string): Promise<Record<string, unknown>> => {
        if (path !== '/actions/{id}/updates') return validBodies[path] ?? {}
        const action = (
          await app.inject({
            method: 'GET',
            url: `${prefix}/actions/${realIds.actions}`,
            headers: auth,
          })
        ).json<{ version: number; statusChoices: string[] }>()
        assert.ok(action.statusChoices.length > 0, 'the coordinator may update the action')
        return {
          version: action.version,
          status: action.statusChoices[0],
          note: 'Progress so far.',
        }
      }
      const stringValues = textValues(quick)
      let requests = 0
      let operations = 0
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          operations += 1
          const parameters = operation.parameters ?? []
          const pathParameters = parameters.filter((parameter) => parameter.in === 'path')
          const queryParameters = parameters.filter((parameter) => parameter.in === 'query')
          const realId = realIds[path.split('/')[1] ?? ''] ?? '00000000-0000-4000-8000-000000000000'
          const fillPath = (hostile?: { name: string; value: string }) =>
            path.replace(/\{(\w+)\}/g, (_, name: string) =>
              hostile?.name === name ? encodeURIComponent(wellFormed(hostile.value)) : realId,
            )
          const baseQuery = queryParameters
            .filter((parameter) => parameter.required || validQuery[parameter.name] !== undefined)
            .map((parameter): [string, string] => [
              parameter.name,
              validQuery[parameter.name] ?? 'x',
            ])

          const check = (response: LightMyRequestResponse, what: string) => {
            requests += 1
            assertSafe(response, what, findings)
            findings.ok(
              /^application\/json/.test(String(response.headers['content-type'] ?? '')),
              `${what}: answers JSON`,
            )
          }

          if (method === 'get') {
            for (const parameter of [...queryParameters, ...pathParameters]) {
              const hostile: { name: string; value: string; encoded?: string }[] = [
                ...stringValues,
                { name: 'unknown parameter', value: 'x' },
              ]
              for (const value of hostile) {
                const what = `GET ${path} ${parameter.name}=${value.name}`
                if (parameter.in === 'path') {
                  const response = await app.inject({
                    method: 'GET',
                    url: `${prefix}${fillPath({ name: parameter.name, value: value.value })}`,
                    headers: auth,
                  })
                  check(response, what)
                  continue
                }
                const entries: [string, string][] = [
                  ...baseQuery.filter(([name]) => name !== parameter.name),
                  [
                    value.name === 'unknown parameter' ? `${parameter.name}Extra` : parameter.name,
                    value.value,
                  ],
                ]
                const raw =
                  value.encoded === undefined
                    ? undefined
                    : { name: parameter.name, encoded: value.encoded }
                check(
                  await app.inject({
                    method: 'GET',
                    url: `${prefix}${fillPath()}?${urlencoded(entries, raw)}`,
                    headers: auth,
                  }),
                  what,
                )
              }
              // Given twice (an array where one value is expected).
              check(
                await app.inject({
                  method: 'GET',
                  url: `${prefix}${fillPath()}?${urlencoded([...baseQuery, [parameter.name, '1'], [parameter.name, '2']])}`,
                  headers: auth,
                }),
                `GET ${path} ${parameter.name} twice`,
              )
            }
            continue
          }

          const schema = operation.requestBody?.content['application/json']?.schema
          if (!schema) continue
          let valid = await validBody(path)
          const fields = [
            ...new Set([...Object.keys(schema.properties ?? {}), ...Object.keys(valid)]),
          ]
          const jsonValues: { name: string; value: unknown }[] = [
            ...stringValues.map((value) => ({ name: value.name, value: value.value })),
            ...HOSTILE_JSON_VALUES,
          ]
          for (const field of fields) {
            for (const value of jsonValues) {
              const what = `${method.toUpperCase()} ${path} ${field}=${value.name}`
              const before = await countAll(harness, tables)
              const response = await app.inject({
                method: method.toUpperCase() as 'POST',
                url: `${prefix}${fillPath()}`,
                headers: { ...auth, 'content-type': 'application/json' },
                payload: JSON.stringify({ ...valid, [field]: value.value }),
              })
              check(response, what)
              const after = await countAll(harness, tables)
              const changed = changedTables(before, after)
              if (response.statusCode >= 400) {
                findings.ok(
                  changed.length === 0,
                  `${what}: refused but changed ${changed.join(', ')}`,
                )
              }
              if (response.statusCode === 400) {
                // A clear error: which field, and what is wrong with it.
                const errors = (response.json<{ errors?: unknown }>().errors ?? []) as {
                  field?: unknown
                  message?: unknown
                }[]
                findings.ok(
                  Array.isArray(errors) &&
                    errors.length > 0 &&
                    errors.every(
                      (error) =>
                        typeof error.field === 'string' &&
                        typeof error.message === 'string' &&
                        error.message.length > 0,
                    ),
                  `${what}: refused with 400 without a field and a message`,
                )
              } else if (changed.length > 0) {
                findings.ok(
                  changed.includes('audit_event'),
                  `${what}: stored without an audit event`,
                )
              }
              if (response.statusCode < 300) {
                // Whatever was accepted reads back as data, never as markup.
                findings.ok(!isHtml(response), `${what}: JSON, not HTML`)
              }
              // Saved (the version moved on) or stale: the next request starts valid again.
              if (response.statusCode < 300 || response.statusCode === 409) {
                valid = await validBody(path)
              }
            }
          }
          // An unknown field and a body that is not an object.
          for (const [name, body] of [
            ['unknown field', { ...valid, isAdmin: true }],
            ['array body', [valid]],
            ['string body', 'text'],
            ['null body', null],
          ] as const) {
            check(
              await app.inject({
                method: method.toUpperCase() as 'POST',
                url: `${prefix}${fillPath()}`,
                headers: { ...auth, 'content-type': 'application/json' },
                payload: JSON.stringify(body),
              }),
              `${method.toUpperCase()} ${path}: ${name}`,
            )
          }
        }
      }
      findings.assertNone()
      assert.ok(operations >= 5, `the OpenAPI document lists ${operations} operations`)
      assert.ok(requests > (quick ? 100 : 500), `sent ${requests} hostile API requests`)
      console.log(
        `hostile input [${harness.dialect}]: ${operations} API operations, ${requests} requests`,
      )
    })

    itOnLeg(
      'oversized bodies answer 413 and wrong content types 415, with the error page or JSON',
      async () => {
        const harness = h()
        const { app } = harness
        const tables = await tableNames(harness)
        const token = await apiToken(harness, 'coordinator@wandsworth.example')
        const browser = new Browser(app)
        assert.equal((await browser.signIn('coordinator@wandsworth.example')).statusCode, 303)
        const partnership = await dbOf(harness)
          .selectFrom('partnership')
          .select('id')
          .where('slug', '=', 'wandsworth')
          .executeTakeFirstOrThrow()
        const formRoute = `/manage/partnerships/${partnership.id}`
        const before = await countAll(harness, tables)

        // Forms: 256 KB.
        const bigForm = await app.inject({
          method: 'POST',
          url: formRoute,
          headers: { ...cookieOf(browser), 'content-type': 'application/x-www-form-urlencoded' },
          payload: `name=${'a'.repeat(300 * 1024)}`,
        })
        assert.equal(bigForm.statusCode, 413)
        assert.match(bigForm.body, /What you sent is too large/)
        const bigSignIn = await app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `email=${'a'.repeat(300 * 1024)}`,
        })
        assert.equal(bigSignIn.statusCode, 413)
        assert.match(bigSignIn.body, /What you sent is too large/)

        // JSON: 1 MB.
        const bigJson = await app.inject({
          method: 'POST',
          url: '/api/v1/incidents',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ place: 'x'.repeat(1100 * 1024) }),
        })
        assert.equal(bigJson.statusCode, 413)
        assert.match(
          bigJson.json<{ errors: { message: string }[] }>().errors[0]?.message ?? '',
          /too large/,
        )

        // Wrong content types, to a form route and to the API.
        for (const contentType of ['text/plain', 'application/xml', 'application/octet-stream']) {
          const page = await app.inject({
            method: 'POST',
            url: formRoute,
            headers: { ...cookieOf(browser), 'content-type': contentType },
            payload:
              contentType === 'application/xml' ? `<name>${SCRIPT}</name>` : `name=${SCRIPT}`,
          })
          assert.ok(
            [400, 415].includes(page.statusCode),
            `${contentType} to a form: ${page.statusCode}`,
          )
          assertSafe(page, `${contentType} to a form`)
          assert.match(String(page.headers['content-type']), /^text\/html/)

          const api = await app.inject({
            method: 'POST',
            url: '/api/v1/incidents',
            headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
            payload:
              contentType === 'application/xml'
                ? `<childPseudonym>${SCRIPT}</childPseudonym>`
                : SCRIPT,
          })
          assert.ok(
            [400, 415].includes(api.statusCode),
            `${contentType} to the API: ${api.statusCode}`,
          )
          assert.match(String(api.headers['content-type']), /^application\/json/)
        }
        // JSON to a form route; a form to the API; no content type; malformed bodies.
        const malformed: [string, string, string, string | undefined][] = [
          [formRoute, 'application/json', '{"name":"x"}', 'JSON to a form route'],
          [
            '/api/v1/incidents',
            'application/x-www-form-urlencoded',
            'childPseudonym=x',
            'a form to the API',
          ],
          ['/api/v1/incidents', 'application/json', '{"childPseudonym":', 'truncated JSON'],
          [
            '/api/v1/incidents',
            'application/json',
            '{"__proto__":{"admin":true}}',
            'prototype pollution',
          ],
          [
            formRoute,
            'application/x-www-form-urlencoded',
            'name=%E0%A4%A&version=%',
            'broken percent-encoding',
          ],
          [
            formRoute,
            'multipart/form-data; boundary=nope',
            '--other\r\n\r\n',
            'multipart with a wrong boundary',
          ],
          [formRoute, 'multipart/form-data', 'name=x', 'multipart without a boundary'],
          [formRoute, '', 'name=x', 'no content type'],
        ]
        for (const [url, contentType, payload, what] of malformed) {
          const response = await app.inject({
            method: 'POST',
            url,
            headers: {
              ...(url.startsWith('/api/')
                ? { authorization: `Bearer ${token}` }
                : cookieOf(browser)),
              ...(contentType === '' ? {} : { 'content-type': contentType }),
            },
            payload,
          })
          assert.ok(
            response.statusCode >= 400 && response.statusCode < 500,
            `${what ?? url}: ${response.statusCode} ${response.body.slice(0, 200)}`,
          )
          assertSafe(response, what ?? url)
        }
        const changed = changedTables(before, await countAll(harness, tables)).filter(
          (table) => !SESSION_TABLES.has(table) && table !== 'audit_event',
        )
        assert.deepEqual(changed, [], 'nothing was stored')
      },
    )
  },
  // Collects the router's routes while each leg's app is built.
  { onRoute: collector.onRoute },
)
