// Walking every route of the application, as the router itself lists them: the
// authorisation matrix and the identity-field leak test both use this, so a new
// route is walked (and must be described) the day it is added.
import assert from 'node:assert/strict'
import { BRIEFING_SECTIONS } from '../../../src/domain/briefings/briefing.js'
import { THEMATIC_SECTIONS } from '../../../src/domain/briefings/thematic-briefing.js'
import { createHash, randomUUID } from 'node:crypto'
import type { LightMyRequestResponse, RouteOptions } from 'fastify'
import { sql } from 'kysely'
import { COMMAND_LINE } from '../../../src/services/context.js'
import { DEMO_EVENT_TITLE } from '../../../src/services/demo-data/demo-learning-events.js'
import type { Actor } from '../../../src/domain/access/roles.js'
import { buildPdf } from '../../support/report-fixtures.js'
import { addCalendarDays, calendarDate } from '../../../src/domain/calendar/calendar-date.js'
import { testNow } from '../../support/test-clock.js'
import { Browser, DEMO_PASSWORD, type Harness } from './app-harness.js'

/** A route as `METHOD /pattern`, HEAD left out (Fastify adds one for every GET). */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} ${string}`

/** Collects the routes while the app is built (pass `onRoute` to the harness options). */
export function routeCollector(): {
  routes: Set<RouteKey>
  onRoute: (route: RouteOptions) => void
} {
  const routes = new Set<RouteKey>()
  return {
    routes,
    onRoute: (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method]
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue
        routes.add(`${method} ${route.url}` as RouteKey)
      }
    },
  }
}

/** The demo accounts (one per role, and a coordinator of another partnership) and the public. */
export const ACCOUNTS = {
  administrator: 'administrator@wandsworth.example',
  coordinator: 'coordinator@wandsworth.example',
  partner: 'partner@wandsworth.example',
  reviewer: 'reviewer@wandsworth.example',
  agencyLead: 'agency-lead@wandsworth.example',
  practitioner: 'practitioner@wandsworth.example',
  southwark: 'coordinator@southwark.example',
} as const

export type Account = keyof typeof ACCOUNTS
export const ACCOUNT_NAMES = Object.keys(ACCOUNTS) as Account[]

/**
 * Many partnerships in one deployment (issue 12), made for the walk: the
 * deployment administrator (no role in any partnership), someone in both demo
 * partnerships (a practitioner in Wandsworth, Southwark's business unit) working
 * in all of them at once, and the same person having chosen Wandsworth.
 */
export const MULTI_PARTNERSHIP_VISITORS = ['deploymentAdmin', 'both', 'bothInWandsworth'] as const
export type MultiPartnershipVisitor = (typeof MULTI_PARTNERSHIP_VISITORS)[number]
export const DEPLOYMENT_ADMIN_EMAIL = 'deployment-admin@example.org'
export const BOTH_PARTNERSHIPS_EMAIL = 'both-partnerships@example.org'

export type Visitor = Account | 'anonymous' | MultiPartnershipVisitor
export const VISITORS: readonly Visitor[] = [
  'anonymous',
  ...ACCOUNT_NAMES,
  ...MULTI_PARTNERSHIP_VISITORS,
]

/** The signed-in person behind a demo account, for calling services directly. */
export async function actorFor(harness: Harness, email: string): Promise<Actor> {
  const user = await harness.runtime.database.db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  const actor = await harness.services.auth.actorFor(user.id)
  assert.ok(actor, `${email} is an active account`)
  return actor
}

/** Real ids of demo records (and a few made for the walk), to fill path parameters. */
export interface DemoIds {
  partnershipId: string
  incidentId: string
  rapidReviewId: string
  agencyRequestId: string
  reviewId: string
  reviewerId: string
  checkpointId: string
  delayId: string
  publishedSlug: string
  bankHolidayDate: string
  partnerUserId: string
  documentId: string | null
  calendarFile: string
  /** A demo action of the Southwark-led Child Y review, owned by Wandsworth's children's services. */
  actionId: string
  /** Evidence (a PNG) on that action, and a later due date its agency asked for (issue 10). */
  evidenceId: string
  dueDateRequestId: string
  /** One of Wandsworth's agencies (the list its administrators keep). */
  agencyId: string
  chronologyEntryId: string
  learningPointId: string
  /** A Wandsworth message in the outbox (issue 10). */
  outboxMessageId: string
  /** Issue 9: a version of the demo review's report, with a hit nobody has dismissed. */
  reportVersionId: string
  redactionHitId: string
  protectedDetailId: string
  /** Issue 9: the public file of a published review's report, `<publication id>.pdf`. */
  publicReportFile: string
  /** Issue 11: the demo's learning event on Child A's review (Wandsworth's, still to come). */
  learningEventId: string
  /** Issue 11: a published thematic briefing of Wandsworth's, on professional curiosity. */
  thematicBriefingId: string
  thematicBriefingSlug: string
}

export async function demoIds(harness: Harness): Promise<DemoIds> {
  const db = harness.runtime.database.db
  const { services } = harness
  const wandsworth = await db
    .selectFrom('partnership')
    .select('id')
    .where('slug', '=', 'wandsworth')
    .executeTakeFirstOrThrow()
  // "Child B": the demo incident whose rapid review is complete.
  const rapidReview = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .select(['rapid_review.id', 'rapid_review.incident_id'])
    .where('incident.partnership_id', '=', wandsworth.id)
    // Child B's (Child D's, issue 11, is still in progress).
    .where('rapid_review.state', '=', 'panel-responded')
    .executeTakeFirstOrThrow()
  const agencyRequest = await db
    .selectFrom('rapid_review_agency_request')
    .select('id')
    .where('rapid_review_id', '=', rapidReview.id)
    .executeTakeFirstOrThrow()
  const review = await db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', 'demo-review-child-c')
    .executeTakeFirstOrThrow()
  const reviewer = await db
    .selectFrom('review_reviewer')
    .select('id')
    .where('review_id', '=', review.id)
    .executeTakeFirstOrThrow()
  const checkpoint = await db
    .selectFrom('review_checkpoint')
    .select('id')
    .where('review_id', '=', review.id)
    .executeTakeFirstOrThrow()
  const published = await db
    .selectFrom('review')
    .select('slug')
    .where('status', '=', 'published')
    .orderBy('slug')
    .executeTakeFirstOrThrow()
  const holiday = await db
    .selectFrom('bank_holiday')
    .select('date')
    .orderBy('date', 'desc')
    .executeTakeFirstOrThrow()
  const partner = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', ACCOUNTS.partner)
    .executeTakeFirstOrThrow()
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  // The demo review has no delay: record one, so its page has a real id.
  const today = services.calendar.today()
  const delay = await services.reviews.recordDelay(coordinator, review.id, {
    reason: 'criminal-investigation',
    details: 'A police investigation is under way.',
    identifiedOn: today,
    panelToldOn: '',
    secretaryOfStateToldOn: '',
  })
  // Issue 8: a chronology entry and a learning point of the demo review, for their pages.
  const entry = await services.reviews.addChronologyEntry(coordinator, review.id, {
    agency: 'Wandsworth schools and colleges',
    occurredOn: today,
    time: '',
    event: 'Attendance review',
    source: '',
  })
  const learningPoint = await services.reviewFindings.add(
    coordinator,
    review.id,
    'learning-point',
    {
      text: 'Information was not shared between agencies.',
    },
  )
  // Issue 9: a briefing of the demo review, so its section and publishing pages
  // have something to show; and one of the walked published review, so its
  // public briefing answers 200 (the demo's published one is Child A's).
  await services.briefings.start(coordinator, review.id)
  const publishedReview = await db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', published.slug)
    .executeTakeFirstOrThrow()
  await publishBriefingOf(harness, publishedReview.id)
  const document = await db.selectFrom('document').select('id').executeTakeFirst()
  const action = await db
    .selectFrom('action')
    .innerJoin('review', 'review.id', 'action.review_id')
    .select('action.id')
    .where('review.slug', '=', 'child-y-scr')
    .orderBy('action.due_on', 'desc')
    .executeTakeFirstOrThrow()
  // Issue 9: a name not to publish, and a report version that names it (after
  // the document above, so that stays an agency's document).
  const detail = await services.protectedDetails.add(coordinator, review.id, {
    kind: 'name',
    value: 'Quintessa Ravenscroft',
    description: 'The mother’s partner',
  })
  const reportVersion = await services.reportVersions.upload(coordinator, review.id, {
    fileName: 'draft-report.pdf',
    bytes: await buildPdf({ pages: ['The review met Quintessa Ravenscroft at home.'] }),
    declaredMediaType: 'application/pdf',
    note: 'First draft',
  })
  const hit = await db
    .selectFrom('redaction_hit')
    .select('id')
    .where('report_version_id', '=', reportVersion.id)
    .executeTakeFirstOrThrow()
  // Issue 9: the walked review's publication plan (so its "sent" page opens),
  // and a report file public on the published review. The seed's reviews were
  // published before this product: their file is put in place as a fixture.
  await services.publication.savePlan(coordinator, review.id, null, {
    scope: 'full-report',
    plannedOn: addCalendarDays(calendarDate(testNow().toISOString().slice(0, 10)), 60),
    scopeReason: '',
    lookAgainOn: '',
    reviewerNames: 'A Reviewer',
  })
  const publishedVersion = await services.reportVersions.upload(coordinator, publishedReview.id, {
    fileName: 'report.pdf',
    bytes: await buildPdf({ pages: ['Learning from the review.'] }),
    declaredMediaType: 'application/pdf',
  })
  const publishedDocument = await db
    .selectFrom('report_version')
    .select('document_id')
    .where('id', '=', publishedVersion.id)
    .executeTakeFirstOrThrow()
  const publicationId = randomUUID()
  await db
    .insertInto('report_publication')
    .values({
      id: publicationId,
      review_id: publishedReview.id,
      report_version_id: publishedVersion.id,
      public_document_id: publishedDocument.document_id,
      scope: 'full-report',
      published_on: '2020-01-01',
      available_until: '2021-01-01',
      published_at: '2020-01-01T12:00:00.000Z',
      published_by: coordinator.userId,
      published_by_name: coordinator.displayName,
      removed: '[]',
    })
    .execute()
  // Issue 10: evidence on the walked action and a due-date request waiting for a decision.
  const agencyLead = await actorFor(harness, ACCOUNTS.agencyLead)
  const walked = await services.actionPlans.get(agencyLead, action.id)
  await services.actionPlans.addUpdate(agencyLead, action.id, walked.version, {
    status: 'in-progress',
    note: 'Evidence for the walk.',
    file: {
      fileName: 'chart.png',
      mediaType: 'image/png',
      bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
    },
  })
  await services.actionPlans.requestDueDate(agencyLead, action.id, {
    requestedOn: addCalendarDays(walked.dueOn, 30),
    reason: 'More time for the walk.',
  })
  const withEvidence = await services.actionPlans.get(agencyLead, action.id)
  const feed = await services.calendarFeeds.create(coordinator)
  // Issue 10: the day's action reminders put a Wandsworth message in the outbox.
  await services.reminders.sendActionReminders()
  const outboxMessage = await db
    .selectFrom('outbox_message')
    .select('id')
    .where('partnership_id', '=', wandsworth.id)
    .orderBy('created_at')
    .executeTakeFirstOrThrow()
  const learningEvent = await db
    .selectFrom('learning_event')
    .select('id')
    .where('partnership_id', '=', wandsworth.id)
    .where('title', '=', DEMO_EVENT_TITLE)
    .executeTakeFirstOrThrow()
  const agency = await db
    .selectFrom('agency')
    .select('id')
    .where('partnership_id', '=', wandsworth.id)
    .orderBy('name')
    .executeTakeFirstOrThrow()
  const thematic = await publishThematicBriefing(harness)
  return {
    partnershipId: wandsworth.id,
    incidentId: rapidReview.incident_id,
    rapidReviewId: rapidReview.id,
    agencyRequestId: agencyRequest.id,
    reviewId: review.id,
    reviewerId: reviewer.id,
    checkpointId: checkpoint.id,
    delayId: delay.id,
    publishedSlug: published.slug,
    bankHolidayDate: holiday.date,
    partnerUserId: partner.id,
    documentId: document?.id ?? null,
    calendarFile: `${feed.token}.ics`,
    actionId: action.id,
    evidenceId: withEvidence.evidence[0]!.id,
    dueDateRequestId: withEvidence.pendingDueDateRequest!.id,
    agencyId: agency.id,
    chronologyEntryId: entry.id,
    learningPointId: learningPoint.id,
    outboxMessageId: outboxMessage.id,
    reportVersionId: reportVersion.id,
    redactionHitId: hit.id,
    protectedDetailId: detail.id,
    publicReportFile: `${publicationId}.pdf`,
    learningEventId: learningEvent.id,
    thematicBriefingId: thematic.id,
    thematicBriefingSlug: thematic.slug,
  }
}

/**
 * Compiles a thematic briefing on professional curiosity as the coordinator,
 * takes out the learning of any review it cites that is not published, and
 * publishes it (issue 11).
 */
export async function publishThematicBriefing(
  harness: Harness,
): Promise<{ id: string; slug: string }> {
  const { thematicBriefings } = harness.services
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const { id } = await thematicBriefings.compile(coordinator, {
    themes: ['professional-curiosity'],
    fromYear: '',
    toYear: '',
  })
  for (const section of THEMATIC_SECTIONS) {
    const briefing = await thematicBriefings.staffBriefing(coordinator, id)
    const hidden = briefing.sources.filter((source) => !source.public)
    const text = briefing.sections[section.key]
      .split('\n')
      .filter((line) => !hidden.some((source) => line.includes(`[${source.label}]`)))
      .join('\n')
    if (text === briefing.sections[section.key]) continue
    await thematicBriefings.editSection(coordinator, id, section.slug, briefing.version, text)
  }
  const briefing = await thematicBriefings.staffBriefing(coordinator, id)
  await thematicBriefings.publish(coordinator, id, briefing.version)
  return { id, slug: briefing.slug }
}

/**
 * Starts the review's seven-minute briefing if it has none, writes any section
 * the draft left empty and publishes it (issue 9), as the coordinator.
 */
export async function publishBriefingOf(harness: Harness, reviewId: string): Promise<void> {
  const { services } = harness
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const current = async () => (await services.briefings.ofReview(coordinator, reviewId)).briefing
  if ((await current()) !== null) return
  await services.briefings.start(coordinator, reviewId)
  for (const section of BRIEFING_SECTIONS) {
    const briefing = (await current())!
    if (briefing.sections[section.key] !== '') continue
    await services.briefings.editSection(
      coordinator,
      reviewId,
      section.slug,
      briefing.version,
      `The ${section.heading.toLowerCase()} of the walked review’s briefing.`,
    )
  }
  await services.briefings.publish(coordinator, reviewId, (await current())!.version)
}

/**
 * One map from a parameter (the route pattern up to and including it) to a real
 * value. A route whose parameter is not here makes the walk fail: describe it.
 */
export function parameterValues(ids: DemoIds): Record<string, string> {
  return {
    '/assets/*': 'stylesheets/application.css',
    '/reviews/:slug': ids.publishedSlug,
    // Southwark's public pages: its own review and the shared Child Y (issue 12).
    '/p/:slug': 'southwark',
    '/reviews/:slug/report/:file': ids.publicReportFile,
    '/manage/briefings/:slug': ids.publishedSlug,
    '/manage/reviews/:id/briefing/sections/:section': 'background',
    '/calendar/:file': ids.calendarFile,
    '/manage/partnerships/:id': ids.partnershipId,
    '/manage/incidents/:id': ids.incidentId,
    '/manage/incidents/:id/access/people/:userId': ids.partnerUserId,
    '/manage/incidents/:id/change/:part': 'dates',
    '/manage/rapid-reviews/:id': ids.rapidReviewId,
    '/manage/rapid-reviews/:id/agency-requests/:requestId': ids.agencyRequestId,
    '/manage/reviews/:id': ids.reviewId,
    '/manage/reviews/:id/reviewers/:childId': ids.reviewerId,
    '/manage/reviews/:id/stages/:stage': 'scoping',
    '/manage/reviews/:id/checkpoints/:childId': ids.checkpointId,
    '/manage/reviews/:id/delays/:childId': ids.delayId,
    '/manage/reviews/:id/chronology/:childId': ids.chronologyEntryId,
    '/manage/reviews/:id/findings/:kind': 'learning-point',
    '/manage/reviews/:id/findings/:kind/:childId': ids.learningPointId,
    '/manage/reviews/:id/access/people/:userId': ids.partnerUserId,
    '/manage/reviews/:id/report-versions/:versionId': ids.reportVersionId,
    '/manage/reviews/:id/report-versions/:versionId/hits/:hitId': ids.redactionHitId,
    '/manage/reviews/:id/protected-details/:detailId': ids.protectedDetailId,
    '/manage/settings/bank-holidays/:date': ids.bankHolidayDate,
    '/manage/settings/statutory-periods/:edition': 'WT2023',
    '/manage/settings/agencies/:id': ids.agencyId,
    '/manage/settings/themes/:slug': 'neglect',
    '/manage/settings/rapid-review-timetable/:partnershipId': ids.partnershipId,
    '/manage/users/:userId': ids.partnerUserId,
    '/manage/actions/:id': ids.actionId,
    '/manage/learning-events/:id': ids.learningEventId,
    '/manage/briefings/thematic/:id': ids.thematicBriefingId,
    '/manage/briefings/thematic/:id/sections/:section': 'risk-factors',
    '/briefings/:file': ids.thematicBriefingSlug,
    '/manage/outbox/:id': ids.outboxMessageId,
    '/manage/actions/:id/evidence/:evidenceId': ids.evidenceId,
    '/manage/actions/:id/due-date/:requestId': ids.dueDateRequestId,
    '/api/v1/incidents/:id': ids.incidentId,
    '/api/v1/rapid-reviews/:id': ids.rapidReviewId,
    '/api/v1/reviews/:id': ids.reviewId,
    '/api/v1/actions/:id': ids.actionId,
    ...(ids.documentId ? documentParameters(ids.documentId) : {}),
  }
}

function documentParameters(documentId: string): Record<string, string> {
  return {
    '/manage/documents/:id': documentId,
    '/manage/documents/:documentId': documentId,
    '/manage/rapid-reviews/:id/documents/:documentId': documentId,
    '/manage/rapid-reviews/:id/agency-requests/:requestId/documents/:documentId': documentId,
  }
}

/** The path with real values, or the parameters nobody described. */
export function fillPath(
  pattern: string,
  values: Record<string, string>,
): { path: string } | { unknown: string[] } {
  const segments = pattern.split('/')
  const unknown: string[] = []
  const filled = segments.map((segment, index) => {
    if (!segment.startsWith(':') && segment !== '*') return segment
    const key = segments.slice(0, index + 1).join('/')
    const value = values[key]
    if (value === undefined) unknown.push(key)
    return value ?? segment
  })
  return unknown.length > 0 ? { unknown } : { path: filled.join('/') }
}

/** Signed-in browsers for every account, and an API token each. */
export async function visitorsOf(harness: Harness): Promise<{
  browsers: Record<Visitor, Browser>
  tokens: Record<Visitor, string | null>
}> {
  const browsers = { anonymous: new Browser(harness.app) } as Record<Visitor, Browser>
  const tokens = { anonymous: null } as Record<Visitor, string | null>
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
  const emails: [Exclude<Visitor, 'anonymous'>, string][] = [
    ...ACCOUNT_NAMES.map((account) => [account, ACCOUNTS[account]] as [Account, string]),
    ['deploymentAdmin', DEPLOYMENT_ADMIN_EMAIL],
    ['both', BOTH_PARTNERSHIPS_EMAIL],
    ['bothInWandsworth', BOTH_PARTNERSHIPS_EMAIL],
  ]
  for (const [visitor, email] of emails) {
    const browser = new Browser(harness.app)
    const signIn = await browser.signIn(email)
    assert.equal(signIn.statusCode, 303, `${visitor} signs in`)
    browsers[visitor] = browser
    // A token acts for every partnership of its owner: the choice is the browser's.
    tokens[visitor] = await services.users.createApiToken(
      email,
      'authorisation matrix',
      COMMAND_LINE,
    )
  }
  const wandsworth = await harness.runtime.database.db
    .selectFrom('partnership')
    .select('id')
    .where('slug', '=', 'wandsworth')
    .executeTakeFirstOrThrow()
  const chose = await browsers.bothInWandsworth.submit('/manage/partnership-choice', {
    partnership: wandsworth.id,
  })
  assert.equal(chose.statusCode, 303, 'the person in both partnerships chooses Wandsworth')
  return { browsers, tokens }
}

/** A GET as this visitor: the API with its bearer token, pages with its cookies. */
export async function visit(
  harness: Harness,
  visitor: Visitor,
  visitors: Awaited<ReturnType<typeof visitorsOf>>,
  path: string,
): Promise<LightMyRequestResponse> {
  if (path.startsWith('/api/')) {
    const token = visitors.tokens[visitor]
    return harness.app.inject({
      method: 'GET',
      url: path,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
  }
  return visitors.browsers[visitor].get(path)
}

/**
 * A digest of every table but the sessions (each request touches its session)
 * and the rate-limit counters (counting attempts, refused ones too, is their
 * job; they hold no record), leaving out `last_used_at` columns (a token's use is recorded, not a change):
 * equal digests before and after mean nothing was stored, changed or audited.
 */
const UNDIGESTED_TABLES = new Set(['user_session', 'rate_limit_counter'])

export async function databaseDigest(harness: Harness): Promise<Record<string, string>> {
  const db = harness.runtime.database.db
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('kysely_') && !UNDIGESTED_TABLES.has(name))
    .sort()
  const digest: Record<string, string> = {}
  for (const table of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)
    const lines = rows.rows
      .map(({ last_used_at: _used, ...row }) =>
        JSON.stringify(row, (_key, value: unknown) =>
          value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value,
        ),
      )
      .sort()
    digest[table] = `${lines.length}:${createHash('sha256').update(lines.join('\n')).digest('hex')}`
  }
  return digest
}
