// The authorisation matrix (issue 4): every route of the application, taken from
// the router itself while the app is built, for every demo role and an anonymous
// visitor, against ONE table of who is allowed. A route missing from the table,
// or with a path parameter nobody gave a real value for, fails the test: a new
// route cannot be forgotten.
//
// Refused means: 302 to /sign-in for an anonymous visitor on a page, 401 for the
// API without a token, 403 or 404 for a signed-in person without the right
// (404 where the record itself is hidden from them). POST routes are checked for
// refusal only: refused roles must not succeed and nothing may change. Allowed
// POSTs are not performed here; their own tests do that.
import assert from 'node:assert/strict'
import type { LightMyRequestResponse } from 'fastify'
import {
  csrfTokenIn,
  describeOnEachDatabase,
  itOnLeg,
  type Harness,
} from './support/app-harness.js'
import {
  actorFor,
  ACCOUNT_NAMES,
  ACCOUNTS,
  databaseDigest,
  demoIds,
  fillPath,
  parameterValues,
  routeCollector,
  visit,
  visitorsOf,
  VISITORS,
  type Account,
  type MultiPartnershipVisitor,
  type RouteKey,
  type Visitor,
} from './support/route-walk.js'

const EVERYONE: readonly Visitor[] = VISITORS
const STAFF: readonly Account[] = ACCOUNT_NAMES
/** Anyone signed in, the deployment administrator too (one's own account pages). */
const SIGNED_IN: readonly Visitor[] = [...STAFF, 'deploymentAdmin']
const ADMIN: readonly Account[] = ['administrator']
const COORDINATOR: readonly Account[] = ['coordinator']
/** Business units, each in its own partnership (the pages list or create their own records). */
const BUSINESS_UNITS: readonly Account[] = ['coordinator', 'southwark']
/** Every demo account of Wandsworth (all but Southwark's business unit). */
const WANDSWORTH_STAFF: readonly Account[] = ACCOUNT_NAMES.filter(
  (account) => account !== 'southwark',
)
/** Who reads Wandsworth's incidents and rapid reviews. */
const INCIDENT_READERS: readonly Account[] = ['administrator', 'coordinator', 'partner']
/** Who reads Wandsworth's demo review: its partnership's staff and its named reviewer. */
const REVIEW_READERS: readonly Account[] = ['administrator', 'coordinator', 'partner', 'reviewer']
/** Who works on the demo review: the business unit and the named reviewer. */
const REVIEW_WORKERS: readonly Account[] = ['coordinator', 'reviewer']
/** Who sees the demo review's draft report versions: its team and the administrator (issue 9). */
const REPORT_TEAM: readonly Account[] = ['administrator', 'coordinator', 'reviewer']
/** Who may check a document that is not stored: staff who read reviews (issue 9). */
const REDACTION_CHECKERS: readonly Account[] = [
  'administrator',
  'coordinator',
  'partner',
  'reviewer',
  'southwark',
]

interface Rule {
  /** Who may use the route; everyone else is refused. */
  readonly allow: readonly Visitor[]
  /** What an allowed GET answers, if not 200 (a redirect, or a public route's 400 or 404). */
  readonly ok?: readonly number[]
  /** A query string the GET needs to be meaningful. */
  readonly query?: string
}

/**
 * THE table: every route × method → who is allowed. Add a row for every new
 * route; the test names any route that has none.
 */
const MATRIX: Record<RouteKey, Rule> = {
  // Public pages, open data and operations.
  'GET /': { allow: EVERYONE },
  'GET /reviews': { allow: EVERYONE },
  'GET /reviews/:slug': { allow: EVERYONE },
  'GET /reviews.atom': { allow: EVERYONE },
  'GET /sitemap.xml': { allow: EVERYONE },
  'GET /search': { allow: EVERYONE, query: '?q=neglect' },
  // Each partnership's own public pages (issue 12); the walked one is Southwark.
  'GET /p/:slug': { allow: EVERYONE },
  'GET /p/:slug/reviews': { allow: EVERYONE },
  'GET /p/:slug/reviews.atom': { allow: EVERYONE },
  'GET /p/:slug/search': { allow: EVERYONE, query: '?q=neglect' },
  'GET /accessibility': { allow: EVERYONE },
  'GET /privacy': { allow: EVERYONE },
  'GET /assets/*': { allow: EVERYONE },
  'GET /healthz': { allow: EVERYONE },
  'GET /readyz': { allow: EVERYONE },
  'GET /metrics': { allow: EVERYONE },
  'GET /api/docs': { allow: EVERYONE },
  'GET /api/docs/openapi.json': { allow: EVERYONE },
  'GET /api/v1/public/reviews': { allow: EVERYONE },
  'GET /api/v1/public/search': { allow: EVERYONE, query: '?q=neglect' },
  'GET /api/v1/calendar/bank-holidays': { allow: EVERYONE },
  'GET /api/v1/calendar/working-days': { allow: EVERYONE, query: '?from=2024-01-02&add=5' },
  // The calendar feed's secret is in its address: whoever has the link reads it.
  'GET /calendar/:file': { allow: EVERYONE },

  // Signing in and out. Signed in, the sign-in pages send you on to /manage.
  'GET /sign-in': { allow: EVERYONE, ok: [200, 302] },
  'POST /sign-in': { allow: EVERYONE },
  'GET /sign-in/two-factor': { allow: EVERYONE, ok: [302] },
  'POST /sign-in/two-factor': { allow: EVERYONE },
  // Single sign-on is off in the tests: not found, or on to /manage when signed in.
  'GET /sign-in/single-sign-on': { allow: EVERYONE, ok: [404, 302] },
  'GET /sign-in/single-sign-on/callback': { allow: EVERYONE, ok: [400] },
  'POST /sign-out': { allow: EVERYONE },

  // Every signed-in person. The deployment administrator, with no role in any
  // partnership, is sent from /manage to the partnerships (issue 12).
  'GET /manage': { allow: [...STAFF, 'deploymentAdmin'], ok: [200, 302] },
  'GET /manage/account': { allow: SIGNED_IN },
  'GET /manage/account/password': { allow: SIGNED_IN },
  'POST /manage/account/password': { allow: SIGNED_IN },
  'POST /manage/account/sign-out-other-sessions': { allow: SIGNED_IN },
  // Issue 10: each reminder by email, or the weekly digest only.
  'POST /manage/account/email-reminders': { allow: SIGNED_IN },
  'GET /manage/account/two-factor': { allow: SIGNED_IN },
  'POST /manage/account/two-factor': { allow: SIGNED_IN },
  // Issue 12: which partnership to work in; anyone signed in may ask (one in a
  // single partnership is offered just that one).
  'GET /manage/partnership-choice': { allow: SIGNED_IN },
  'POST /manage/partnership-choice': { allow: SIGNED_IN },
  // Issue 8: what waits for each person (empty for some roles, never refused).
  'GET /manage/tasks': { allow: STAFF },
  'GET /manage/calendar-feed': { allow: STAFF },
  'POST /manage/calendar-feed': { allow: STAFF },
  'POST /manage/calendar-feed/reset': { allow: STAFF },
  'GET /api/v1/me': { allow: STAFF },

  // Administrators: audit, settings, users.
  'GET /manage/audit': { allow: ADMIN },
  // The outbox (issue 10): administrators and business units, their partnership's messages.
  'GET /manage/outbox': { allow: [...ADMIN, ...BUSINESS_UNITS] },
  'POST /manage/outbox/:id/retry': { allow: [...ADMIN, 'coordinator'] },
  'GET /manage/audit.csv': { allow: ADMIN },
  'GET /manage/settings': { allow: ADMIN },
  'GET /manage/settings/bank-holidays': { allow: ADMIN },
  'POST /manage/settings/bank-holidays': { allow: ADMIN },
  'GET /manage/settings/bank-holidays/:date/remove': { allow: ADMIN },
  'POST /manage/settings/bank-holidays/:date/remove': { allow: ADMIN },
  'GET /manage/settings/statutory-periods': { allow: ADMIN },
  'GET /manage/settings/statutory-periods/:edition': { allow: ADMIN },
  'POST /manage/settings/statutory-periods/:edition': { allow: ADMIN },
  'GET /manage/settings/agencies': { allow: ADMIN },
  'GET /manage/settings/agencies/new': { allow: ADMIN },
  'POST /manage/settings/agencies/new': { allow: ADMIN },
  'GET /manage/settings/agencies/:id/change': { allow: ADMIN },
  'POST /manage/settings/agencies/:id/change': { allow: ADMIN },
  'GET /manage/settings/agencies/:id/retire': { allow: ADMIN },
  'POST /manage/settings/agencies/:id/retire': { allow: ADMIN },
  'GET /manage/settings/agencies/:id/restore': { allow: ADMIN },
  'POST /manage/settings/agencies/:id/restore': { allow: ADMIN },
  // The theme taxonomy (issue 11): shared by every partnership, kept by administrators.
  'GET /manage/settings/themes': { allow: ADMIN },
  'GET /manage/settings/themes/new': { allow: ADMIN },
  'POST /manage/settings/themes/new': { allow: ADMIN },
  'GET /manage/settings/themes/:slug/change': { allow: ADMIN },
  'POST /manage/settings/themes/:slug/change': { allow: ADMIN },
  'POST /manage/settings/themes/:slug/retire': { allow: ADMIN },
  'POST /manage/settings/themes/:slug/reinstate': { allow: ADMIN },
  // Recurring themes (issue 11): those who oversee the partnership's learning.
  'GET /manage/recurring-themes': {
    allow: ['administrator', 'coordinator', 'partner', 'southwark'],
  },
  'GET /manage/settings/rapid-review-timetable': { allow: ADMIN },
  'GET /manage/settings/rapid-review-timetable/:partnershipId': { allow: ADMIN },
  'POST /manage/settings/rapid-review-timetable/:partnershipId': { allow: ADMIN },
  'GET /manage/settings/single-sign-on': { allow: ADMIN },
  'POST /manage/settings/single-sign-on': { allow: ADMIN },
  'GET /manage/settings/two-factor': { allow: ADMIN },
  'POST /manage/settings/two-factor': { allow: ADMIN },
  'GET /manage/users': { allow: ADMIN },
  'GET /manage/users/:userId/reset-two-factor': { allow: ADMIN },
  'POST /manage/users/:userId/reset-two-factor': { allow: ADMIN },
  'GET /manage/users/:userId/agency': { allow: ADMIN },
  'POST /manage/users/:userId/agency': { allow: ADMIN },

  // The partnership's name: its administrators and business unit; the
  // deployment administrator sees its outline (agencies, administrators).
  'GET /manage/partnerships/:id': { allow: ['administrator', 'coordinator', 'deploymentAdmin'] },
  'POST /manage/partnerships/:id': { allow: ['administrator', 'coordinator'] },
  // The deployment's partnerships (issue 12): its administrator only.
  'GET /manage/partnerships': { allow: ['deploymentAdmin'] },
  'GET /manage/partnerships/new': { allow: ['deploymentAdmin'] },
  'POST /manage/partnerships/new': { allow: ['deploymentAdmin'] },

  // Action plans: agency leads see and change only their own agency's actions,
  // wherever the review lives. The walked action is Wandsworth children's
  // services' action on the Southwark-led Child Y review: Wandsworth's staff
  // see it, its agency lead and both business units change it.
  'GET /manage/actions': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'GET /manage/actions/new': { allow: BUSINESS_UNITS },
  'GET /manage/actions/:id': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'POST /manage/actions/:id/updates': { allow: ['coordinator', 'agencyLead', 'southwark'] },
  // Issue 10: the partnership's dashboard is for its staff, not agency leads;
  // exports hold what each person's list holds. The walked action is in
  // progress (not completed), so assuring and sending back are refused even to
  // those who may, and closing is open to the business units. Its agency has
  // asked for a later due date: one request at a time, so asking again is
  // refused to all; the business units decide it.
  'GET /manage/actions/dashboard': {
    allow: ['administrator', 'coordinator', 'partner', 'southwark'],
  },
  'GET /manage/actions/export.csv': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'GET /manage/actions/export.xlsx': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'GET /manage/actions/export.docx': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'GET /manage/actions/:id/assure': { allow: [...BUSINESS_UNITS, 'partner'], ok: [403] },
  'POST /manage/actions/:id/assure': { allow: [...BUSINESS_UNITS, 'partner'] },
  'GET /manage/actions/:id/send-back': { allow: [...BUSINESS_UNITS, 'partner'], ok: [403] },
  'POST /manage/actions/:id/send-back': { allow: [...BUSINESS_UNITS, 'partner'] },
  'GET /manage/actions/:id/close': { allow: BUSINESS_UNITS },
  'POST /manage/actions/:id/close': { allow: BUSINESS_UNITS },
  'GET /manage/actions/:id/due-date': {
    allow: ['coordinator', 'agencyLead', 'southwark'],
    ok: [403],
  },
  'POST /manage/actions/:id/due-date': { allow: ['coordinator', 'agencyLead', 'southwark'] },
  'GET /manage/actions/:id/due-date/:requestId': { allow: BUSINESS_UNITS },
  'POST /manage/actions/:id/due-date/:requestId': { allow: BUSINESS_UNITS },
  'GET /manage/actions/:id/evidence/:evidenceId': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'GET /manage/actions/:id/evidence/:evidenceId/withdraw': {
    allow: ['coordinator', 'agencyLead', 'southwark'],
  },
  'POST /manage/actions/:id/evidence/:evidenceId/withdraw': {
    allow: ['coordinator', 'agencyLead', 'southwark'],
  },
  'GET /api/v1/actions': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'GET /api/v1/actions/:id': {
    allow: ['administrator', 'coordinator', 'partner', 'agencyLead', 'southwark'],
  },
  'POST /api/v1/actions/:id/updates': { allow: ['coordinator', 'agencyLead', 'southwark'] },
  // The walked review is Wandsworth's Child C: its business unit assigns actions.
  'GET /manage/reviews/:id/actions/new': { allow: COORDINATOR },
  'POST /manage/reviews/:id/actions': { allow: COORDINATOR },

  // Serious incidents (S1–S5).
  'GET /manage/incidents': { allow: [...INCIDENT_READERS, 'southwark'] },
  'GET /manage/incidents/new': { allow: BUSINESS_UNITS },
  'POST /manage/incidents/new': { allow: BUSINESS_UNITS },
  'GET /manage/incidents/:id': { allow: INCIDENT_READERS },
  'POST /manage/incidents/:id/notifications': { allow: COORDINATOR },
  'POST /manage/incidents/:id/rapid-review': { allow: COORDINATOR },
  'POST /manage/incidents/:id/close': { allow: COORDINATOR },
  // Issue 8: corrections and "entered in error" by the business unit; the
  // incidents entered in error listed for administrators only.
  'GET /manage/incidents/:id/change/:part': { allow: COORDINATOR },
  'POST /manage/incidents/:id/change/:part': { allow: COORDINATOR },
  'GET /manage/incidents/:id/entered-in-error': { allow: COORDINATOR },
  'POST /manage/incidents/:id/entered-in-error': { allow: COORDINATOR },
  'GET /manage/incidents/entered-in-error': { allow: ['administrator'] },
  // Identity fields: a reason first (those holding 'identity:view'), audited.
  'GET /manage/incidents/:id/identifying-details': { allow: ['administrator', 'coordinator'] },
  'POST /manage/incidents/:id/identifying-details': { allow: ['administrator', 'coordinator'] },
  // Without a reason given, the pack sends its managers to the reason step.
  'GET /manage/incidents/:id/notification-pack': { allow: COORDINATOR, ok: [303] },
  'GET /manage/incidents/:id/notification-pack.pdf': { allow: COORDINATOR },
  // Restricting access: the business unit.
  'GET /manage/incidents/:id/access': { allow: COORDINATOR },
  'POST /manage/incidents/:id/access': { allow: COORDINATOR },
  'POST /manage/incidents/:id/access/people': { allow: COORDINATOR },
  'POST /manage/incidents/:id/access/people/:userId/remove': { allow: COORDINATOR },
  'POST /api/v1/incidents': { allow: BUSINESS_UNITS },
  // Each reader lists their own partnership's incidents.
  'GET /api/v1/incidents': { allow: [...INCIDENT_READERS, 'southwark'] },
  'GET /api/v1/incidents/:id': { allow: INCIDENT_READERS },
  'GET /api/v1/rapid-reviews/:id': { allow: INCIDENT_READERS },

  // Rapid reviews (S6–S9): read by incident readers, run by the business unit,
  // signed off by the partners.
  'GET /manage/rapid-reviews': { allow: [...INCIDENT_READERS, 'southwark'] },
  'GET /manage/rapid-reviews/:id': { allow: INCIDENT_READERS },
  // Themes and "we have seen this before" for its findings (issue 11): the business unit.
  'GET /manage/rapid-reviews/:id/themes': { allow: COORDINATOR },
  'POST /manage/rapid-reviews/:id/themes': { allow: COORDINATOR },
  'POST /manage/rapid-reviews/:id/themes/remove': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/seen-before': { allow: COORDINATOR },
  'POST /manage/rapid-reviews/:id/seen-before/link': { allow: COORDINATOR },
  'POST /manage/rapid-reviews/:id/seen-before/unlink': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/agency-requests': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/agency-requests': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/agency-requests/:requestId': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/agency-requests/:requestId': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/agency-requests/:requestId/documents/:documentId': {
    allow: INCIDENT_READERS,
  },
  // Withdrawing a document uploaded by mistake (issue 8): the business unit.
  'GET /manage/rapid-reviews/:id/agency-requests/:requestId/documents/:documentId/withdraw': {
    allow: COORDINATOR,
  },
  'POST /manage/rapid-reviews/:id/agency-requests/:requestId/documents/:documentId/withdraw': {
    allow: COORDINATOR,
  },
  'GET /manage/rapid-reviews/:id/meeting': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/meeting': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/findings': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/findings': { allow: COORDINATOR },
  'POST /manage/rapid-reviews/:id/safety-actions': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/criteria': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/criteria': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/decision': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/decision': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/sign-off': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/sign-off': { allow: ['partner'] },
  'POST /manage/rapid-reviews/:id/sign-off/withdraw': { allow: ['partner'] },
  'GET /manage/rapid-reviews/:id/sent-to-panel': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/sent-to-panel': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/panel-response': { allow: INCIDENT_READERS },
  'POST /manage/rapid-reviews/:id/panel-response': { allow: COORDINATOR },
  'POST /manage/rapid-reviews/:id/review': { allow: COORDINATOR },
  'GET /manage/rapid-reviews/:id/report.pdf': { allow: INCIDENT_READERS },
  'GET /manage/rapid-reviews/:id/report.docx': { allow: INCIDENT_READERS },

  // Reviews in progress (S10–S12, S18–S19).
  'GET /manage/reviews': { allow: [...REVIEW_READERS, 'southwark'] },
  'GET /manage/reviews/new': { allow: BUSINESS_UNITS },
  'POST /manage/reviews/new': { allow: BUSINESS_UNITS },
  'GET /manage/reviews/:id': { allow: REVIEW_READERS },
  'GET /manage/reviews/:id/details': { allow: COORDINATOR },
  'POST /manage/reviews/:id/details': { allow: COORDINATOR },
  'GET /manage/reviews/:id/reviewers/new': { allow: COORDINATOR },
  'POST /manage/reviews/:id/reviewers/new': { allow: COORDINATOR },
  'POST /manage/reviews/:id/reviewers/:childId/remove': { allow: COORDINATOR },
  'GET /manage/reviews/:id/stages/:stage': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/stages/:stage': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/start': { allow: COORDINATOR },
  'POST /manage/reviews/:id/start': { allow: COORDINATOR },
  'GET /manage/reviews/:id/final-report': { allow: COORDINATOR },
  'POST /manage/reviews/:id/final-report': { allow: COORDINATOR },
  'GET /manage/reviews/:id/checkpoints/new': { allow: COORDINATOR },
  'POST /manage/reviews/:id/checkpoints/new': { allow: COORDINATOR },
  'GET /manage/reviews/:id/checkpoints/:childId': { allow: COORDINATOR },
  'POST /manage/reviews/:id/checkpoints/:childId': { allow: COORDINATOR },
  'GET /manage/reviews/:id/delays/new': { allow: COORDINATOR },
  'POST /manage/reviews/:id/delays/new': { allow: COORDINATOR },
  'GET /manage/reviews/:id/delays/:childId': { allow: COORDINATOR },
  'POST /manage/reviews/:id/delays/:childId': { allow: COORDINATOR },
  'GET /manage/reviews/:id/chronology': { allow: REVIEW_READERS },
  'GET /manage/reviews/:id/chronology/new': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/chronology/new': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/chronology/import': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/chronology/import': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/chronology/:childId': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/chronology/:childId': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/chronology/:childId/entered-in-error': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/chronology/:childId/entered-in-error': { allow: REVIEW_WORKERS },
  // Findings (issue 8): the review team records them.
  // Issue 9: draft report versions are for the review team and administrators;
  // a false alarm is the lead business unit's call; the names not to publish
  // are shown after a reason to those holding identity:view.
  'GET /manage/reviews/:id/report-versions/new': { allow: REPORT_TEAM },
  'POST /manage/reviews/:id/report-versions/new': { allow: REPORT_TEAM },
  'GET /manage/reviews/:id/report-versions/:versionId': { allow: REPORT_TEAM },
  'GET /manage/reviews/:id/report-versions/:versionId/download': { allow: REPORT_TEAM },
  'POST /manage/reviews/:id/report-versions/:versionId/check': { allow: REPORT_TEAM },
  'GET /manage/reviews/:id/report-versions/:versionId/withdraw': { allow: REPORT_TEAM },
  'POST /manage/reviews/:id/report-versions/:versionId/withdraw': { allow: REPORT_TEAM },
  'GET /manage/reviews/:id/report-versions/:versionId/hits/:hitId/dismiss': { allow: COORDINATOR },
  'POST /manage/reviews/:id/report-versions/:versionId/hits/:hitId/dismiss': { allow: COORDINATOR },
  'GET /manage/reviews/:id/protected-details': { allow: REPORT_TEAM },
  'GET /manage/reviews/:id/protected-details/new': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/protected-details/new': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/protected-details/show': { allow: ['administrator', 'coordinator'] },
  'POST /manage/reviews/:id/protected-details/show': { allow: ['administrator', 'coordinator'] },
  'GET /manage/reviews/:id/protected-details/:detailId/withdraw': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/protected-details/:detailId/withdraw': { allow: REVIEW_WORKERS },
  'GET /manage/redaction-check': { allow: REDACTION_CHECKERS },
  'POST /manage/redaction-check': { allow: REDACTION_CHECKERS },
  'POST /api/v1/redaction-checks': { allow: BUSINESS_UNITS },
  // Any member of staff reads the themes and asks for suggestions (issue 11).
  'GET /api/v1/themes': { allow: STAFF },
  'POST /api/v1/theme-suggestions': { allow: STAFF },
  'GET /manage/reviews/:id/findings/from-rapid-review': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/from-rapid-review': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/findings/:kind/new': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/:kind/new': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/findings/:kind/:childId': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/:kind/:childId': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/findings/:kind/:childId/entered-in-error': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/:kind/:childId/entered-in-error': { allow: REVIEW_WORKERS },
  // Themes on the review and its findings (issue 11): the review team tags them.
  'GET /manage/reviews/:id/themes': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/themes': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/themes/remove': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/findings/:kind/:childId/themes': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/:kind/:childId/themes': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/:kind/:childId/themes/remove': { allow: REVIEW_WORKERS },
  // "We have seen this before" (issue 11): the review team, beside each finding.
  'GET /manage/reviews/:id/findings/:kind/:childId/seen-before': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/:kind/:childId/seen-before/link': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/findings/:kind/:childId/seen-before/unlink': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/briefing/themes': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/briefing/themes': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/briefing/themes/remove': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/family-involvement': { allow: REVIEW_READERS },
  'POST /manage/reviews/:id/family-involvement': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/access': { allow: COORDINATOR },
  'POST /manage/reviews/:id/access': { allow: COORDINATOR },
  'POST /manage/reviews/:id/access/people': { allow: COORDINATOR },
  'POST /manage/reviews/:id/access/people/:userId/remove': { allow: COORDINATOR },
  'GET /api/v1/reviews/:id': { allow: REVIEW_READERS },

  // Seven-minute briefings (issue 9): the review team writes, the lead
  // partnership's business unit publishes and withdraws, the public reads a
  // published one, any signed-in member of staff records a team's use, and the
  // partnership's business unit, administrators and partners see the use.
  'GET /manage/reviews/:id/briefing': { allow: REVIEW_READERS },
  'POST /manage/reviews/:id/briefing/start': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/briefing/sections/:section': { allow: REVIEW_WORKERS },
  'POST /manage/reviews/:id/briefing/sections/:section': { allow: REVIEW_WORKERS },
  'GET /manage/reviews/:id/briefing/preview': { allow: REVIEW_READERS },
  'GET /manage/reviews/:id/briefing/preview.pdf': { allow: REVIEW_READERS },
  'GET /manage/reviews/:id/briefing/preview.docx': { allow: REVIEW_READERS },
  'GET /manage/reviews/:id/briefing/publish': { allow: COORDINATOR },
  'POST /manage/reviews/:id/briefing/publish': { allow: COORDINATOR },
  'GET /manage/reviews/:id/briefing/withdraw': { allow: COORDINATOR },
  'POST /manage/reviews/:id/briefing/withdraw': { allow: COORDINATOR },
  // Publication (issue 9, S13–S17): the report team sees the page; the lead
  // business unit plans and publishes; an administrator or the business unit
  // takes a report down. The walked review is not published, so nobody may
  // open its take-down page (publication.test.ts takes one down).
  'GET /manage/reviews/:id/publication': { allow: REPORT_TEAM },
  'GET /manage/reviews/:id/publication/plan': { allow: COORDINATOR },
  'POST /manage/reviews/:id/publication/plan': { allow: COORDINATOR },
  'GET /manage/reviews/:id/publication/sent': { allow: COORDINATOR },
  'POST /manage/reviews/:id/publication/sent': { allow: COORDINATOR },
  'POST /manage/reviews/:id/publication/publish': { allow: COORDINATOR },
  'POST /manage/reviews/:id/publication/replace': { allow: COORDINATOR },
  'GET /manage/reviews/:id/publication/take-down': { allow: [] },
  'POST /manage/reviews/:id/publication/take-down': { allow: ['administrator', 'coordinator'] },
  'GET /reviews/:slug/report/:file': { allow: EVERYONE },
  'GET /reviews/:slug/seven-minute-briefing': { allow: EVERYONE },
  'GET /reviews/:slug/seven-minute-briefing.pdf': { allow: EVERYONE },
  'GET /reviews/:slug/seven-minute-briefing.docx': { allow: EVERYONE },
  'GET /manage/briefings': { allow: ['administrator', 'coordinator', 'partner', 'southwark'] },
  'GET /manage/briefings/:slug/record-use': { allow: STAFF },
  'POST /manage/briefings/:slug/record-use': { allow: STAFF },
  // Thematic briefings (issue 11): the business unit compiles, writes and
  // publishes its partnership's own; another's is not found; any member of
  // staff records a team's use of a published one; the public reads them.
  'GET /manage/briefings/thematic': { allow: BUSINESS_UNITS },
  'GET /manage/briefings/thematic/new': { allow: BUSINESS_UNITS },
  'POST /manage/briefings/thematic': { allow: BUSINESS_UNITS },
  'GET /manage/briefings/thematic/:id': { allow: COORDINATOR },
  'GET /manage/briefings/thematic/:id/sections/:section': { allow: COORDINATOR },
  'POST /manage/briefings/thematic/:id/sections/:section': { allow: COORDINATOR },
  'GET /manage/briefings/thematic/:id/preview': { allow: COORDINATOR },
  'GET /manage/briefings/thematic/:id/preview.pdf': { allow: COORDINATOR },
  'GET /manage/briefings/thematic/:id/preview.docx': { allow: COORDINATOR },
  'GET /manage/briefings/thematic/:id/publish': { allow: COORDINATOR },
  'POST /manage/briefings/thematic/:id/publish': { allow: COORDINATOR },
  'GET /manage/briefings/thematic/:id/withdraw': { allow: COORDINATOR },
  'POST /manage/briefings/thematic/:id/withdraw': { allow: COORDINATOR },
  'GET /manage/briefings/thematic/:id/record-use': { allow: STAFF },
  'POST /manage/briefings/thematic/:id/record-use': { allow: STAFF },
  'GET /briefings': { allow: EVERYONE },
  'GET /briefings/:file': { allow: EVERYONE },

  // The learning library (issue 11): every member of staff searches what they
  // may see; what each finds is checked below, a restricted review's text included.
  'GET /manage/learning': { allow: STAFF, query: '?q=formula&theme=health-services' },

  // Learning events (issue 11): every member of staff sees the list and books;
  // the walked event is the demo's, Wandsworth's, still to come: Southwark's
  // business unit does not see it. The business unit plans, changes, cancels
  // and records attendance (its page says attendance waits for the event to
  // start); the reach and its CSV are each business unit's own partnership's.
  // The feedback page says who may give feedback to anyone who may see the event.
  'GET /manage/learning-events': { allow: STAFF },
  'GET /manage/learning-events/new': { allow: BUSINESS_UNITS },
  'POST /manage/learning-events/new': { allow: BUSINESS_UNITS },
  'GET /manage/learning-events/reach': { allow: BUSINESS_UNITS },
  'GET /manage/learning-events/attendance.csv': { allow: BUSINESS_UNITS },
  'GET /manage/learning-events/:id': { allow: WANDSWORTH_STAFF },
  'GET /manage/learning-events/:id/change': { allow: COORDINATOR },
  'POST /manage/learning-events/:id/change': { allow: COORDINATOR },
  'GET /manage/learning-events/:id/cancel': { allow: COORDINATOR },
  'POST /manage/learning-events/:id/cancel': { allow: COORDINATOR },
  'POST /manage/learning-events/:id/book': { allow: WANDSWORTH_STAFF },
  'POST /manage/learning-events/:id/cancel-booking': { allow: WANDSWORTH_STAFF },
  'GET /manage/learning-events/:id/attendance': { allow: COORDINATOR },
  'POST /manage/learning-events/:id/attendance': { allow: COORDINATOR },
  'GET /manage/learning-events/:id/feedback': { allow: WANDSWORTH_STAFF },
  'POST /manage/learning-events/:id/feedback': { allow: WANDSWORTH_STAFF },
}

/**
 * Where the person in both partnerships differs from what their two roles
 * (a Wandsworth practitioner, Southwark's business unit) give them, working in
 * all their partnerships at once ('both') or in Wandsworth ('bothInWandsworth').
 */
const BOTH_EXCEPTIONS: Partial<
  Record<RouteKey, Partial<Record<MultiPartnershipVisitor, boolean>>>
> = {}

/**
 * May this visitor use the route? The table names the demo accounts; the
 * visitors of many partnerships (issue 12) follow from their roles: the
 * deployment administrator only where named, the person in both partnerships
 * where either of their roles may (all at once) or their Wandsworth role may
 * (having chosen Wandsworth; an API token acts for every partnership).
 */
function mayUse(key: RouteKey, rule: Rule, visitor: Visitor): boolean {
  if (rule.allow.includes(visitor)) return true
  const exception =
    visitor === 'both' || visitor === 'bothInWandsworth'
      ? BOTH_EXCEPTIONS[key]?.[visitor]
      : undefined
  if (exception !== undefined) return exception
  if (visitor === 'both' || (visitor === 'bothInWandsworth' && key.includes(' /api/'))) {
    return rule.allow.includes('practitioner') || rule.allow.includes('southwark')
  }
  if (visitor === 'bothInWandsworth') return rule.allow.includes('practitioner')
  return false
}

const collector = routeCollector()

/** Everything a leg needs, made once per harness. */
interface Walk {
  readonly values: Record<string, string>
  readonly visitors: Awaited<ReturnType<typeof visitorsOf>>
}
const walks = new WeakMap<Harness, Promise<Walk>>()

function walkOf(harness: Harness): Promise<Walk> {
  let walk = walks.get(harness)
  if (!walk) {
    walk = (async () => {
      const ids = await demoIds(harness)
      // A stored document, so the download route has a real id.
      const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
      const document = await harness.services.documents.upload(coordinator, {
        partnershipId: ids.partnershipId,
        recordType: 'rapid-review-agency-request',
        recordId: ids.agencyRequestId,
        fileName: 'agency-summary.txt',
        bytes: new TextEncoder().encode('The agency’s summary about Child B.'),
        accept: ['text'],
        permission: 'incidents:manage',
      })
      return {
        values: parameterValues({ ...ids, documentId: document.id }),
        visitors: await visitorsOf(harness),
      }
    })()
    walks.set(harness, walk)
  }
  return walk
}

function routes(method?: string): { key: RouteKey; method: string; pattern: string }[] {
  return [...collector.routes]
    .map((key) => {
      const [routeMethod = '', pattern = ''] = key.split(' ')
      return { key, method: routeMethod, pattern }
    })
    .filter((route) => method === undefined || route.method === method)
    .sort((a, b) => a.key.localeCompare(b.key))
}

function pathOf(walk: Walk, pattern: string): string {
  const filled = fillPath(pattern, walk.values)
  if ('unknown' in filled) throw new Error(`No value for ${filled.unknown.join(', ')}`)
  return filled.path
}

/** Why a response is not the refusal a visitor should get, or null when it is. */
function notRefused(
  visitor: Visitor,
  path: string,
  response: LightMyRequestResponse,
): string | null {
  const status = response.statusCode
  if (visitor === 'anonymous') {
    if (path.startsWith('/api/')) return status === 401 ? null : `expected 401, got ${status}`
    return status === 302 && response.headers.location === '/sign-in'
      ? null
      : `expected 302 to /sign-in, got ${status} ${String(response.headers.location ?? '')}`
  }
  return status === 403 || status === 404 ? null : `expected 403 or 404, got ${status}`
}

describeOnEachDatabase(
  'Authorisation matrix: every route, every role',
  (h) => {
    itOnLeg(
      'every route of the router is in the table, and every parameter has a real value',
      async () => {
        const walk = await walkOf(h())
        const all = routes()
        assert.ok(all.length > 50, `the router lists its routes (${all.length})`)
        const missing = all.filter((route) => MATRIX[route.key] === undefined).map((r) => r.key)
        assert.deepEqual(missing, [], 'routes with no row in the authorisation table')
        const stale = Object.keys(MATRIX).filter((key) => !collector.routes.has(key as RouteKey))
        assert.deepEqual(stale, [], 'rows for routes that no longer exist')
        const unknown = all.flatMap((route) => {
          const filled = fillPath(route.pattern, walk.values)
          return 'unknown' in filled ? [`${route.key}: ${filled.unknown.join(', ')}`] : []
        })
        assert.deepEqual(unknown, [], 'path parameters with no real value in parameterValues()')
      },
    )

    itOnLeg('GET: allowed roles get the page, everyone else is refused', async () => {
      const harness = h()
      const walk = await walkOf(harness)
      const problems: string[] = []
      for (const route of routes('GET')) {
        const rule = MATRIX[route.key]
        if (!rule) continue // reported by the first test
        const path = pathOf(walk, route.pattern) + (rule.query ?? '')
        for (const visitor of VISITORS) {
          const response = await visit(harness, visitor, walk.visitors, path)
          if (mayUse(route.key, rule, visitor)) {
            const ok = rule.ok ?? [200]
            if (!ok.includes(response.statusCode)) {
              problems.push(
                `${route.key} as ${visitor}: allowed, expected ${ok.join(' or ')}, got ${response.statusCode}`,
              )
            }
          } else {
            const problem = notRefused(visitor, path, response)
            if (problem) problems.push(`${route.key} as ${visitor}: refused, ${problem}`)
          }
        }
      }
      assert.deepEqual(problems, [])
    })

    itOnLeg(
      'POST: refused roles are refused and nothing is stored, changed or audited',
      async () => {
        const harness = h()
        const walk = await walkOf(harness)
        // Each browser's CSRF token, so the refusal tested is the role's, not the token's.
        const tokens = {} as Record<Visitor, string>
        for (const visitor of VISITORS) {
          const page = await walk.visitors.browsers[visitor].get(
            // Every signed-in person has an account page (the deployment
            // administrator has no /manage dashboard).
            visitor === 'anonymous' ? '/sign-in' : '/manage/account',
          )
          tokens[visitor] = csrfTokenIn(page.body)
        }
        const before = await databaseDigest(harness)
        const problems: string[] = []
        for (const route of routes('POST')) {
          const rule = MATRIX[route.key]
          if (!rule) continue
          const path = pathOf(walk, route.pattern)
          for (const visitor of VISITORS) {
            if (mayUse(route.key, rule, visitor)) continue
            let response: LightMyRequestResponse
            if (path.startsWith('/api/')) {
              const token = walk.visitors.tokens[visitor]
              response = await harness.app.inject({
                method: 'POST',
                url: path,
                headers: {
                  'content-type': 'application/json',
                  ...(token ? { authorization: `Bearer ${token}` } : {}),
                },
                payload: JSON.stringify({}),
              })
            } else {
              response = await walk.visitors.browsers[visitor].post(path, {
                _csrf: tokens[visitor],
                version: '1',
              })
            }
            const problem = notRefused(visitor, path, response)
            if (problem) problems.push(`${route.key} as ${visitor}: ${problem}`)
          }
        }
        assert.deepEqual(problems, [])
        const after = await databaseDigest(harness)
        const changed = Object.keys(after).filter((table) => after[table] !== before[table])
        assert.deepEqual(changed, [], 'tables changed by refused requests')
      },
    )

    itOnLeg(
      'POST: every form route refuses a request without a CSRF token (403), signed in or not',
      async () => {
        const harness = h()
        const walk = await walkOf(harness)
        const before = await databaseDigest(harness)
        const problems: string[] = []
        for (const route of routes('POST')) {
          if (route.pattern.startsWith('/api/')) continue
          const path = pathOf(walk, route.pattern)
          for (const visitor of ['anonymous', 'coordinator', 'administrator'] as const) {
            const response = await walk.visitors.browsers[visitor].post(path, { version: '1' })
            if (response.statusCode !== 403) {
              problems.push(`${route.key} as ${visitor}: expected 403, got ${response.statusCode}`)
            }
          }
        }
        assert.deepEqual(problems, [])
        const after = await databaseDigest(harness)
        const changed = Object.keys(after).filter((table) => after[table] !== before[table])
        assert.deepEqual(changed, [], 'tables changed by requests without a CSRF token')
      },
    )

    itOnLeg(
      'the learning library: a restricted review’s text only for its access list, unpublished text only in its partnership',
      async () => {
        const harness = h()
        const walk = await walkOf(harness)
        const db = harness.runtime.database.db
        const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
        const { id: reviewId } = await db
          .selectFrom('review')
          .select('id')
          .where('slug', '=', 'demo-review-child-c')
          .executeTakeFirstOrThrow()
        // Text only the demo review in progress (Wandsworth's) holds.
        const { id: pointId } = await harness.services.reviewFindings.add(
          coordinator,
          reviewId,
          'learning-point',
          { text: 'Nobody asked about the brambleholt arrangement.' },
        )
        const search = async (visitor: Visitor) => {
          const response = await visit(
            harness,
            visitor,
            walk.visitors,
            '/manage/learning?q=brambleholt',
          )
          return response
        }
        const seen = async (): Promise<Visitor[]> => {
          const found: Visitor[] = []
          for (const visitor of VISITORS) {
            const response = await search(visitor)
            if (visitor === 'anonymous') {
              assert.equal(response.statusCode, 302)
              continue
            }
            // The deployment administrator opens no partnership's records.
            if (visitor === 'deploymentAdmin') {
              assert.equal(response.statusCode, 403)
              continue
            }
            assert.equal(response.statusCode, 200, visitor)
            if (response.body.includes('<mark>brambleholt</mark>')) found.push(visitor)
          }
          return found
        }
        try {
          // Unpublished: the partnership's staff who read reviews and its named reviewer.
          assert.deepEqual(await seen(), REVIEW_READERS)
          // Restricted to an access list holding the coordinator and the reviewer:
          // the partner and the administrator no longer find it.
          const review = await db
            .selectFrom('review')
            .select('lead_partnership_id')
            .where('id', '=', reviewId)
            .executeTakeFirstOrThrow()
          await db
            .updateTable('review')
            .set({ access_restricted: 1 })
            .where('id', '=', reviewId)
            .execute()
          for (const account of ['coordinator', 'reviewer'] as const) {
            const person = await actorFor(harness, ACCOUNTS[account])
            await db
              .insertInto('record_access_entry')
              .values({
                record_type: 'review',
                record_id: reviewId,
                partnership_id: review.lead_partnership_id,
                user_id: person.userId,
                added_by_user_id: coordinator.userId,
                added_at: new Date(0).toISOString(),
              })
              .execute()
          }
          assert.deepEqual(await seen(), ['coordinator', 'reviewer'])
        } finally {
          await db
            .deleteFrom('record_access_entry')
            .where('record_type', '=', 'review')
            .where('record_id', '=', reviewId)
            .execute()
          await db
            .updateTable('review')
            .set({ access_restricted: 0 })
            .where('id', '=', reviewId)
            .execute()
          await harness.services.reviewFindings.markEnteredInError(
            coordinator,
            reviewId,
            'learning-point',
            pointId,
            1,
            'Planted by the authorisation test',
          )
        }
      },
    )
  },
  { onRoute: collector.onRoute },
)
