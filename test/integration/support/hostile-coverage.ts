// What test/integration/hostile-input.test.ts needs so that its crawl reaches
// every form, and so that it can prove it did:
//   - records set up before the crawl, each in the state that shows a form the
//     demo data never shows (an editable rapid review, a review that can start,
//     one whose final report can be recorded, a delay, people on access lists,
//     a calendar feed, an account with two-factor authentication);
//   - the router's routes matched to the addresses the crawl fuzzed;
//   - the least every field is sent, whatever the corpus rotation gives it.
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { COMMAND_LINE } from '../../../src/services/context.js'
import { criterionField } from '../../../src/services/rapid-review-service.js'
import { REG_11_CRITERIA } from '../../../src/domain/rapid-reviews/rapid-review.js'
import { REVIEW_STAGES } from '../../../src/domain/reviews/stages.js'
import {
  addCalendarDays,
  calendarDate,
  type CalendarDate,
} from '../../../src/domain/calendar/calendar-date.js'
import { totpCodeAt } from '../../../src/domain/two-factor/totp.js'
import {
  HOSTILE_VALUES,
  fuzzPlan,
  type FuzzField,
  type HostileValue,
} from '../../support/hostile-inputs.js'
import { pdfWithDeflatedContent } from '../../support/hostile-pdf.js'
import { buildPdf } from '../../support/report-fixtures.js'
import { Browser, type Harness } from './app-harness.js'
import { demoChildDRapidReviewId } from './records.js'
import { ACCOUNTS, actorFor, publishBriefingOf, publishThematicBriefing } from './route-walk.js'
import { testNow } from '../../support/test-clock.js'

// ── Records for the crawl ────────────────────────────────────────────────────

/**
 * A crawl of one record on its own: the main crawl visits one page per address
 * pattern, so a second rapid review or review would never be visited by it.
 */
export interface SeedCrawl {
  /** The demo account whose browser crawls, or the browser itself (a sign-in half done). */
  readonly account: string
  readonly browser?: Browser
  readonly start: string
  /** Only links under this address are followed. */
  readonly within: string
}

/** Not a demo account: it signs in with a code, so the main crawl's accounts keep a password alone. */
export const TWO_FACTOR_EMAIL = 'hostile-two-factor@wandsworth.example'
const TWO_FACTOR_PASSWORD = 'hostile-input-two-factor-password'

const today = (harness: Harness): string => harness.services.calendar.today()

/**
 * A new incident with a rapid review that is filled in but still editable (no
 * partner has signed): every step page shows its form, and the forms that
 * change what is stored start from valid values, so one hostile field at a
 * time is saved when it is acceptable and shown again on the later pages.
 */
export async function editableRapidReview(harness: Harness) {
  const { services } = harness
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const incident = await services.incidents.record(coordinator, 'wandsworth', {
    guidanceEdition: 'WT2023',
    lookedAfter: false,
    careLeaver: false,
    abuseOrNeglect: 'suspected',
    harm: 'serious-harm',
    incidentOn: '2023-12-20',
    awareOn: '2023-12-21',
    place: 'Home',
    children: [{ pseudonym: 'Child Hostile' }],
  })
  const id = await services.rapidReviews.start(coordinator, incident.id, incident.version)
  // Each step carries its own version (issue 8); a response, its request's.
  const version = async (step: string) =>
    (await services.rapidReviews.get(coordinator, id)).stepVersions[step] ?? 1
  const agencies = await services.rapidReviews.agencies(coordinator, id)
  // One agency asked, the others still on the form's list.
  assert.ok(agencies.length >= 2, 'the demo partnership has agencies to ask')
  await services.rapidReviews.addAgencyRequests(coordinator, id, await version('agency-requests'), {
    agencyIds: [agencies[0]?.id],
    requestedOn: '2023-12-22',
    dueOn: '2024-01-05',
  })
  const request = (await services.rapidReviews.get(coordinator, id)).agencyRequests[0]
  const requestId = request?.id ?? ''
  await services.rapidReviews.recordAgencyResponse(
    coordinator,
    id,
    request?.version ?? 1,
    requestId,
    {
      receivedOn: '2024-01-03',
      summary: 'The agency’s summary.',
      // A stored document, so its "Withdraw" form is fuzzed (issue 8).
      document: {
        fileName: 'agency-summary.pdf',
        bytes: pdfWithDeflatedContent(deflateSync('BT /F1 12 Tf 72 712 Td (Summary) Tj ET')),
        mediaType: 'application/pdf',
      },
    },
  )
  await services.rapidReviews.recordMeeting(coordinator, id, await version('meeting'), {
    meetingOn: '2024-01-08',
    attendees: 'Independent chair\nPolice detective inspector',
  })
  await services.rapidReviews.recordFindings(coordinator, id, await version('findings'), {
    factsEstablished: 'Facts established so far.',
    learningIdentified: 'Learning identified so far.',
  })
  await services.rapidReviews.addSafetyAction(coordinator, id, await version('safety-actions'), {
    action: 'Strategy discussion for the siblings.',
    owner: 'Children’s Services',
  })
  await services.rapidReviews.recordCriteria(
    coordinator,
    id,
    await version('criteria'),
    Object.fromEntries(
      REG_11_CRITERIA.flatMap((criterion) => [
        [criterionField(criterion), 'yes'],
        [criterionField(criterion, true), `Note on criterion ${criterion}.`],
      ]),
    ),
  )
  await services.rapidReviews.recordDecision(coordinator, id, await version('decision'), {
    decision: 'local-cspr',
    rationale: 'The partners decided to hold a local review.',
    decidedOn: '2024-01-09',
  })
  return { id, incidentId: incident.id }
}

/** A legacy SCR that may start: a decision date, a methodology, a lead reviewer, terms of reference. */
async function startableReview(harness: Harness, pseudonym: string): Promise<string> {
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const wandsworth = await harness.runtime.database.db
    .selectFrom('partnership')
    .select('id')
    .where('slug', '=', 'wandsworth')
    .executeTakeFirstOrThrow()
  const { id } = await harness.services.reviews.create(coordinator, {
    kind: 'scr-2015',
    guidanceEdition: 'WT2015',
    leadPartnershipId: wandsworth.id,
    childPseudonym: pseudonym,
    title: '',
    methodology: 'silp',
    methodologyOther: '',
    termsOfReference: 'How agencies shared information.',
    decisionOn: '2018-03-15',
    reviewers: [{ name: 'Hostile Reviewer', role: 'lead-reviewer', organisation: 'Independent' }],
  })
  return id
}

/**
 * A legacy SCR taken to publication through the services (S18: its report
 * went to the national panel 10 working days ago), with a second clean
 * version to replace the first.
 */
async function publishedReview(harness: Harness, pseudonym: string): Promise<string> {
  const { services } = harness
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const id = await startableReview(harness, pseudonym)
  await services.reviews.start(
    coordinator,
    id,
    (await services.reviews.get(coordinator, id)).version,
  )
  for (const stage of REVIEW_STAGES) {
    const saved = (await services.reviews.get(coordinator, id)).stages.find(
      (candidate) => candidate.stage === stage,
    )
    await services.reviews.updateStage(coordinator, id, stage, saved?.version ?? 1, 'completed')
  }
  await services.reviews.recordFinalReportReceived(
    coordinator,
    id,
    (await services.reviews.get(coordinator, id)).version,
    today(harness),
  )
  await services.publication.savePlan(coordinator, id, null, {
    scope: 'full-report',
    plannedOn: today(harness),
    scopeReason: '',
    lookAgainOn: '',
    reviewerNames: 'Hostile Reviewer',
  })
  const sentOn = await services.calendar.addWorkingDays(today(harness) as CalendarDate, -10)
  await services.publication.recordSent(coordinator, id, 1, {
    panel: sentOn,
    'secretary-of-state': '',
    ofsted: '',
  })
  const versions = []
  for (const name of ['first', 'second']) {
    versions.push(
      await services.reportVersions.upload(coordinator, id, {
        fileName: `${name}.pdf`,
        bytes: await buildPdf({ pages: [`The ${name} clean version of the report.`] }),
        declaredMediaType: 'application/pdf',
      }),
    )
  }
  await services.publication.publish(
    coordinator,
    id,
    (await services.reviews.get(coordinator, id)).version,
    { versionId: versions[0]!.id, availableUntil: '' },
  )
  return id
}

/** Two actions of the Wandsworth-led Child A review for the crawl (issue 10). */
async function actionsForCoverage(harness: Harness): Promise<string[]> {
  const { services } = harness
  const db = harness.runtime.database.db
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const lead = await actorFor(harness, ACCOUNTS.agencyLead)
  const review = await db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', 'child-a-scr')
    .executeTakeFirstOrThrow()
  const agency = lead.memberships.find((membership) => membership.agencyId !== null)!.agencyId!
  const options = await services.actionPlans.newActionOptions(coordinator, review.id)
  const source = `${options.sources[0]!.kind}:${options.sources[0]!.id}`
  const dueOn = services.calendar.today()
  const completed = await services.actionPlans.create(coordinator, review.id, {
    source,
    agencyId: agency,
    description: 'Action completed for the crawl',
    dueOn,
  })
  await services.actionPlans.addUpdate(lead, completed.id, 1, {
    status: 'completed',
    note: 'Completed with evidence for the crawl.',
    evidenceLinks: ['https://intranet.example.org/crawl-evidence'],
  })
  const asked = await services.actionPlans.create(coordinator, review.id, {
    source,
    agencyId: agency,
    description: 'Action with a later due date asked for',
    dueOn,
  })
  await services.actionPlans.requestDueDate(lead, asked.id, {
    requestedOn: '2099-12-31',
    reason: 'Asked for so the decision form is crawled.',
  })
  // The other forms' own pages, crawled directly: fuzzing the first action's
  // forms (closing it, asking for a date) may take these forms off its page.
  const withEvidence = await services.actionPlans.create(coordinator, review.id, {
    source,
    agencyId: agency,
    description: 'Action with evidence to withdraw',
    dueOn,
  })
  await services.actionPlans.addUpdate(lead, withEvidence.id, 1, {
    status: 'in-progress',
    note: 'Evidence to withdraw for the crawl.',
    evidenceLinks: ['https://intranet.example.org/wrong-evidence'],
  })
  const evidence = (await services.actionPlans.get(lead, withEvidence.id)).evidence[0]!
  const open = await services.actionPlans.create(coordinator, review.id, {
    source,
    agencyId: agency,
    description: 'Action whose agency may ask for a later due date',
    dueOn,
  })
  // The form pages first: the crawl fuzzes the first copy of each form it
  // found, and the completed action's copies may be gone by then (closed).
  // The decision's own page too: the completed action's "close" form, fuzzed
  // first if found first, would otherwise settle this one before its decision.
  const requestId = (await services.actionPlans.get(coordinator, asked.id)).pendingDueDateRequest!
    .id
  return [
    `/manage/actions/${asked.id}/due-date/${requestId}`,
    `/manage/actions/${withEvidence.id}/evidence/${evidence.id}/withdraw`,
    `/manage/actions/${open.id}/due-date`,
    `/manage/actions/${completed.id}`,
  ]
}

/**
 * Everything the crawl needs beyond the demo data, made through the services
 * as the people who would do it; and the crawls that find the forms it shows.
 */
/**
 * Two Wandsworth learning events, each booked by the practitioner: one still
 * to come; one planned for tomorrow, also booked by the coordinator, then moved
 * into the past as a fixture (a plan must be in the future, and places are
 * booked before an event starts), with the coordinator recorded as attending.
 * Their pages' addresses.
 */
async function learningEventsForCoverage(
  harness: Harness,
): Promise<{ plannedEventPath: string; heldEventPath: string }> {
  const { services } = harness
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const practitioner = await actorFor(harness, ACCOUNTS.practitioner)
  const choices = await services.learningEvents.choices(coordinator)
  const plan = (title: string, date: string) =>
    services.learningEvents.plan(coordinator, {
      title,
      description: '',
      reviewIds: [choices.reviews[0]?.id],
      themes: '',
      date,
      startTime: '09:30',
      endTime: '12:00',
      place: 'Wandsworth Town Hall',
      onlineLink: '',
      capacity: '10',
      agencyIds: [choices.agencies[0]?.id],
    })
  const planned = await plan(
    'Planned for the crawl',
    addCalendarDays(calendarDate(today(harness)), 14),
  )
  await services.learningEvents.book(practitioner, planned.id)
  const { id } = await plan('Held for the crawl', addCalendarDays(calendarDate(today(harness)), 1))
  await services.learningEvents.book(coordinator, id)
  await services.learningEvents.book(practitioner, id)
  const dayMs = 24 * 3_600_000
  await harness.runtime.database.db
    .updateTable('learning_event')
    .set({
      starts_at: new Date(testNow().getTime() - 2 * dayMs).toISOString(),
      ends_at: new Date(testNow().getTime() - 2 * dayMs + 3_600_000).toISOString(),
    })
    .where('id', '=', id)
    .execute()
  const page = await services.learningEvents.event(coordinator, id)
  await services.learningEvents.recordAttendance(
    coordinator,
    id,
    page.bookings.map((booking) => ({
      bookingId: booking.id,
      attended: booking.userId === coordinator.userId,
      agencyId: booking.agencyId,
    })),
  )
  return {
    plannedEventPath: `/manage/learning-events/${planned.id}`,
    heldEventPath: `/manage/learning-events/${id}`,
  }
}

export async function seedForCoverage(harness: Harness): Promise<SeedCrawl[]> {
  const { services } = harness
  const db = harness.runtime.database.db
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  const partner = await db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', ACCOUNTS.partner)
    .executeTakeFirstOrThrow()

  // A retired agency, so "Bring back" has a form (issue 8: the list of agencies).
  const administrator = await actorFor(harness, ACCOUNTS.administrator)
  const wandsworthId = administrator.memberships[0]?.partnershipId ?? ''
  const retiring = await services.agencies.add(administrator, wandsworthId, {
    name: 'Agency retired for the crawl',
    kind: 'other',
  })
  await services.agencies.setRetired(administrator, retiring.id, retiring.version, {
    reason: 'Retired so that its "Bring back" form is fuzzed',
  })

  // S6–S9: every step's form (the demo rapid review is answered, so it has none).
  const rapidReview = await editableRapidReview(harness)
  // The demo rapid review ("Child B"): decided, signed off, answered; its
  // review not yet commissioned. The Panel's response and commissioning.
  const demoRapidReview = await db
    .selectFrom('rapid_review')
    .innerJoin('incident', 'incident.id', 'rapid_review.incident_id')
    .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
    .select('rapid_review.id')
    .where('partnership.slug', '=', 'wandsworth')
    .where('rapid_review.id', '!=', rapidReview.id)
    .where('rapid_review.state', '=', 'panel-responded')
    .executeTakeFirstOrThrow()

  // S10: a review that may start (with a delay to change and a person to take
  // off its access list), and one whose final report may be recorded.
  const startable = await startableReview(harness, 'Child Hostile R')
  await services.reviews.recordDelay(coordinator, startable, {
    reason: 'criminal-investigation',
    details: 'A police investigation is under way.',
    identifiedOn: today(harness),
    panelToldOn: '',
    secretaryOfStateToldOn: '',
  })
  const inProgress = await startableReview(harness, 'Child Hostile F')
  await services.reviews.start(
    coordinator,
    inProgress,
    (await services.reviews.get(coordinator, inProgress)).version,
  )
  for (const stage of REVIEW_STAGES) {
    const saved = (await services.reviews.get(coordinator, inProgress)).stages.find(
      (candidate) => candidate.stage === stage,
    )
    await services.reviews.updateStage(
      coordinator,
      inProgress,
      stage,
      saved?.version ?? 1,
      'completed',
    )
  }

  // Findings of the review team (issue 8): each shows its "Change" and
  // "Entered in error" forms.
  await services.reviewFindings.add(coordinator, inProgress, 'learning-point', {
    text: 'Agencies did not share what they knew.',
  })
  const agencyId = (await services.reviewFindings.agencies(coordinator))[0]?.id ?? ''
  await services.reviewFindings.add(coordinator, inProgress, 'recommendation', {
    text: 'Share information at the first strategy discussion.',
    agencyIds: [agencyId],
  })
  // "We have seen this before" (issue 11): Child A's recommendation 4 (checks
  // of the whole household, tagged information sharing) is linked to Child Y's
  // overdue learning point 4 on the same theme (its "Unlink" form; recommendation
  // 5 keeps its "Link" forms). A published review's findings have no "Entered in
  // error" form, so these pages are still there when their turn to be fuzzed
  // comes; their tags give the "Remove" forms.
  const childAReview = await db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', 'child-a-scr')
    .executeTakeFirstOrThrow()
  const childARecommendation4 = await db
    .selectFrom('recommendation')
    .select('id')
    .where('review_id', '=', childAReview.id)
    .where('position', '=', 4)
    .executeTakeFirstOrThrow()
  const recommendation4Ref = {
    kind: 'recommendation' as const,
    reviewId: childAReview.id,
    findingId: childARecommendation4.id,
  }
  const [firstMatch] = (await services.seenBefore.page(coordinator, recommendation4Ref)).matches
  if (firstMatch) await services.seenBefore.link(coordinator, recommendation4Ref, firstMatch)
  const childAFindings = `/manage/reviews/${childAReview.id}/findings`
  // Baby Eliza's learning point 7 (health services) matches Child A's
  // recommendations whose actions are open (not Child Y's overdue one, which the
  // crawl's own action forms may finish before this form's turn): "Link" forms.
  const babyElizaPoint7 = await db
    .selectFrom('learning_point')
    .innerJoin('review', 'review.id', 'learning_point.review_id')
    .select(['learning_point.id as id', 'review.id as reviewId'])
    .where('review.slug', '=', 'baby-eliza-scr')
    .where('learning_point.position', '=', 7)
    .executeTakeFirstOrThrow()
  const babyElizaPoint7SeenBefore = `/manage/reviews/${babyElizaPoint7.reviewId}/findings/learning-point/${babyElizaPoint7.id}/seen-before`
  const childDRef = {
    kind: 'rapid-review-finding' as const,
    rapidReviewId: await demoChildDRapidReviewId(db),
  }
  const [formula] = (await services.seenBefore.page(coordinator, childDRef)).matches
  if (formula) await services.seenBefore.link(coordinator, childDRef, formula)
  const childDSeenBefore = `/manage/rapid-reviews/${childDRef.rapidReviewId}`
  // A retired theme, so its "Reinstate" form is fuzzed.
  const retiringTheme = await services.themes.add(administrator, {
    slug: 'retired-for-the-crawl',
    name: 'Retired for the crawl',
    description: 'Retired so that its "Reinstate" form is fuzzed.',
  })
  await services.themes.setRetired(administrator, retiringTheme.slug, retiringTheme.version, true)
  // A review commissioned from the editable rapid review, whose findings can
  // be carried into it.
  const commissioned = await services.reviews.createFromRapidReviewDecision(coordinator, {
    rapidReviewId: rapidReview.id,
    partnershipId: wandsworthId,
    decisionOn: '2024-01-09',
    kind: 'lcspr',
    guidanceEdition: 'WT2023',
    childPseudonym: 'Child Hostile',
  })
  // Seven-minute briefings (issue 9): a draft on the review in progress (its
  // section and publish forms), the demo's published Child A briefing (its
  // withdraw form, which the crawl may send), and Baby Eliza's, published
  // here, whose use form stays there whatever happens to Child A's.
  await services.briefings.start(coordinator, inProgress)
  // Its themes (issue 11): one on it, so the "Remove" form shows.
  await services.themeTags.tag(coordinator, { kind: 'briefing', reviewId: inProgress }, ['neglect'])
  const babyEliza = await db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', 'baby-eliza-scr')
    .executeTakeFirstOrThrow()
  await publishBriefingOf(harness, babyEliza.id)
  const childA = await db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', 'child-a-scr')
    .executeTakeFirstOrThrow()
  const childABriefing = `/manage/reviews/${childA.id}/briefing`

  // Access lists with someone on them, so each shows its "Remove" form.
  await services.recordAccess.addPerson(coordinator, 'incident', rapidReview.incidentId, partner.id)
  await services.recordAccess.addPerson(coordinator, 'review', startable, partner.id)

  // A calendar feed: the coordinator's page then offers a new address instead.
  await services.calendarFeeds.create(coordinator)

  // Messages in the outbox (issue 10): with no mail server they wait there,
  // each with its "Retry" form.
  await services.reminders.sendActionReminders()

  // An account with two-factor authentication: the administrator's users page
  // offers a reset, and a password alone leads to the code page.
  await services.users.createUser(
    {
      email: TWO_FACTOR_EMAIL,
      displayName: 'Hostile Two-Factor',
      partnershipSlug: 'wandsworth',
      role: 'practitioner',
      password: TWO_FACTOR_PASSWORD,
    },
    COMMAND_LINE,
  )
  const twoFactorActor = await actorFor(harness, TWO_FACTOR_EMAIL)
  const enrolment = await services.accountSecurity.enrolmentFor(twoFactorActor, TWO_FACTOR_EMAIL)
  assert.equal(enrolment.status, 'enrolling')
  if (enrolment.status !== 'enrolling') throw new Error('not enrolling')
  await services.accountSecurity.confirmEnrolment(
    twoFactorActor,
    totpCodeAt(enrolment.secret, testNow()),
  )
  const halfSignedIn = new Browser(harness.app)
  const password = await halfSignedIn.signIn(TWO_FACTOR_EMAIL, TWO_FACTOR_PASSWORD)
  assert.equal(password.headers.location, '/sign-in/two-factor', 'a password alone asks for a code')

  // The main crawl visits one page per address pattern, of whichever record
  // it meets first (now perhaps one made here): the demo records that alone
  // show a form are crawled on their own too. "Child C", only recorded: its
  // rapid review can start and it can be closed; the demo review has a
  // monitoring checkpoint to answer.
  const recordedIncident = await db
    .selectFrom('incident')
    .innerJoin('partnership', 'partnership.id', 'incident.partnership_id')
    .select('incident.id')
    .where('partnership.slug', '=', 'wandsworth')
    .where('incident.state', '=', 'recorded')
    .where('incident.id', '!=', rapidReview.incidentId)
    .executeTakeFirstOrThrow()
  const demoReview = await db
    .selectFrom('review')
    .select('id')
    .where('slug', '=', 'demo-review-child-c')
    .executeTakeFirstOrThrow()

  // Issue 9: a name not to publish and a report version naming it, so the
  // version's page offers "Mark as a false alarm", "Withdraw" and "Check again",
  // and the list offers "Take off the list".
  await harness.services.protectedDetails.add(coordinator, demoReview.id, {
    kind: 'name',
    value: 'Quintessa Ravenscroft',
    description: 'The mother’s partner',
  })
  await harness.services.reportVersions.upload(coordinator, demoReview.id, {
    fileName: 'draft-report.pdf',
    bytes: await buildPdf({ pages: ['The review met Quintessa Ravenscroft at home.'] }),
    declaredMediaType: 'application/pdf',
  })

  // Publication (issue 9): a plan on the review in progress (its "sent" form),
  // and a legacy SCR published with one clean version and a second one ready,
  // so its publication page offers "Replace" and, to an administrator, "Take
  // the report down".
  await services.publication.savePlan(coordinator, inProgress, null, {
    scope: 'full-report',
    plannedOn: today(harness),
    scopeReason: '',
    lookAgainOn: '',
    reviewerNames: 'Hostile Reviewer',
  })
  // A clean version on it, so its publication page offers the publish form
  // (only versions whose check is clear are offered).
  await services.reportVersions.upload(coordinator, inProgress, {
    fileName: 'clean.pdf',
    bytes: await buildPdf({ pages: ['A clean version of the report.'] }),
    declaredMediaType: 'application/pdf',
  })
  const published = await publishedReview(harness, 'Child Hostile P')
  const publicationPath = `/manage/reviews/${published}/publication`

  // A rapid review the demo partner has signed: only its sign-off page offers
  // "Withdraw my signature" (issue 8).
  const signedRapidReview = await editableRapidReview(harness)
  const partnerActor = await actorFor(harness, ACCOUNTS.partner)
  await harness.services.rapidReviews.signOff(
    partnerActor,
    signedRapidReview.id,
    (await harness.services.rapidReviews.get(partnerActor, signedRapidReview.id)).stepVersions[
      'signed-content'
    ] ?? 1,
    { partner: 'local-authority', confirm: 'yes' },
  )
  const signedSignOffPath = `/manage/rapid-reviews/${signedRapidReview.id}/sign-off`

  // Issue 10: a completed action with evidence (assure, send back, close,
  // withdraw evidence, ask for a later due date) and one whose agency asked for
  // a later due date (the business unit's decision).
  const actionPaths = await actionsForCoverage(harness)

  // Issue 11: a learning event still to come, booked by the practitioner (its
  // page offers the coordinator "Book a place", "Change" and "Cancel the
  // event", and the practitioner "Cancel your place"), and one that has been
  // held, the coordinator recorded as attending ("Record who attended" and the
  // feedback form). The main crawl visits one event page only, whichever it
  // meets first.
  const { plannedEventPath, heldEventPath } = await learningEventsForCoverage(harness)

  // Issue 11: a thematic briefing in draft (its section and publish forms) and
  // a published one (its withdraw form and the use form); the compile form
  // shows only once learning has been found.
  const thematicDraft = await services.thematicBriefings.compile(coordinator, {
    themes: ['professional-curiosity'],
    fromYear: '',
    toYear: '',
  })
  const thematicPublished = await publishThematicBriefing(harness)
  // Another, whose use form stays there whatever the crawl does to the first.
  const thematicInUse = await publishThematicBriefing(harness)
  const thematicDraftPath = `/manage/briefings/thematic/${thematicDraft.id}`
  const thematicPublishedPath = `/manage/briefings/thematic/${thematicPublished.id}`
  const thematicFind = '/manage/briefings/thematic/new?find=1&themes=professional-curiosity'

  const rapidReviewPath = `/manage/rapid-reviews/${rapidReview.id}`
  const demoRapidReviewPath = `/manage/rapid-reviews/${demoRapidReview.id}`
  const incidentAccess = `/manage/incidents/${rapidReview.incidentId}/access`
  return [
    // The thematic briefing's use form first: it is fuzzed before any withdraw form runs.
    {
      account: ACCOUNTS.practitioner,
      start: `/manage/briefings/thematic/${thematicInUse.id}/record-use`,
      within: `/manage/briefings/thematic/${thematicInUse.id}/record-use`,
    },
    // First: the first form found for a route is the one fuzzed, and these
    // findings (published reviews') are never marked entered in error.
    {
      account: ACCOUNTS.coordinator,
      start: `${childAFindings}/recommendation/${childARecommendation4.id}/seen-before`,
      within: childAFindings,
    },
    {
      account: ACCOUNTS.coordinator,
      start: babyElizaPoint7SeenBefore,
      within: babyElizaPoint7SeenBefore,
    },
    {
      account: ACCOUNTS.coordinator,
      start: `${childAFindings}/recommendation/${childARecommendation4.id}/themes`,
      within: `${childAFindings}/recommendation/${childARecommendation4.id}/themes`,
    },
    {
      account: ACCOUNTS.coordinator,
      start: `/manage/reviews/${inProgress}/briefing`,
      within: `/manage/reviews/${inProgress}/briefing`,
    },
    { account: ACCOUNTS.coordinator, start: thematicFind, within: thematicFind },
    { account: ACCOUNTS.coordinator, start: thematicDraftPath, within: thematicDraftPath },
    {
      account: ACCOUNTS.coordinator,
      start: thematicPublishedPath,
      within: thematicPublishedPath,
    },
    { account: ACCOUNTS.coordinator, start: rapidReviewPath, within: rapidReviewPath },
    { account: ACCOUNTS.partner, start: rapidReviewPath, within: rapidReviewPath },
    { account: ACCOUNTS.partner, start: signedSignOffPath, within: signedSignOffPath },
    { account: ACCOUNTS.coordinator, start: demoRapidReviewPath, within: demoRapidReviewPath },
    { account: ACCOUNTS.coordinator, start: incidentAccess, within: incidentAccess },
    {
      account: ACCOUNTS.coordinator,
      start: `/manage/incidents/${recordedIncident.id}`,
      within: `/manage/incidents/${recordedIncident.id}`,
    },
    ...[startable, inProgress, demoReview.id, commissioned.id].map((id) => ({
      account: ACCOUNTS.coordinator,
      start: `/manage/reviews/${id}`,
      within: `/manage/reviews/${id}`,
    })),
    { account: ACCOUNTS.coordinator, start: childABriefing, within: childABriefing },
    { account: ACCOUNTS.coordinator, start: childDSeenBefore, within: childDSeenBefore },
    { account: ACCOUNTS.coordinator, start: heldEventPath, within: heldEventPath },
    { account: ACCOUNTS.coordinator, start: plannedEventPath, within: plannedEventPath },
    { account: ACCOUNTS.practitioner, start: plannedEventPath, within: plannedEventPath },
    { account: ACCOUNTS.coordinator, start: publicationPath, within: publicationPath },
    { account: ACCOUNTS.administrator, start: publicationPath, within: publicationPath },
    {
      account: ACCOUNTS.practitioner,
      start: '/manage/briefings/baby-eliza-scr/record-use',
      within: '/manage/briefings/baby-eliza-scr/record-use',
    },
    ...actionPaths.map((path) => ({
      account: ACCOUNTS.coordinator,
      start: path,
      within: path,
    })),
    {
      account: TWO_FACTOR_EMAIL,
      browser: halfSignedIn,
      start: '/sign-in/two-factor',
      within: '/sign-in/two-factor',
    },
  ]
}

// ── The router's routes and the addresses fuzzed ────────────────────────────

/**
 * The route pattern an address was served by: the one matching it with the
 * most fixed segments, as the router prefers `/checkpoints/new` to
 * `/checkpoints/:childId`.
 */
export function routeOf(path: string, patterns: readonly string[]): string | null {
  const segments = path.split('/')
  let best: { pattern: string; fixed: number } | null = null
  for (const pattern of patterns) {
    const parts = pattern.split('/')
    const wildcard = parts.at(-1) === '*'
    if (wildcard ? segments.length < parts.length : segments.length !== parts.length) continue
    let fixed = 0
    const matches = parts.every((part, index) => {
      if (part === '*' && index === parts.length - 1) return true
      if (part.startsWith(':')) return (segments[index] ?? '') !== ''
      fixed += 1
      return part === segments[index]
    })
    if (matches && (best === null || fixed > best.fixed)) best = { pattern, fixed }
  }
  return best?.pattern ?? null
}

/** The POST routes (`POST /pattern`) not among those that served the fuzzed addresses. */
export function postRoutesNotFuzzed(
  routes: Iterable<string>,
  fuzzedPaths: Iterable<string>,
): string[] {
  const posts = [...routes]
    .filter((key) => key.startsWith('POST '))
    .map((key) => key.slice('POST '.length))
  const reached = new Set<string>()
  for (const path of fuzzedPaths) {
    const pattern = routeOf(path, posts)
    if (pattern !== null) reached.add(pattern)
  }
  return posts
    .filter((pattern) => !reached.has(pattern))
    .map((pattern) => `POST ${pattern}`)
    .sort()
}

/** Routes under the API's prefix missing from its OpenAPI document, as `METHOD /pattern`. */
export function apiRoutesNotDocumented(
  routes: Iterable<string>,
  prefix: string,
  paths: Record<string, Record<string, unknown>>,
): string[] {
  return [...routes]
    .filter((key) => key.split(' ')[1]?.startsWith(`${prefix}/`))
    .filter((key) => {
      const [method = '', pattern = ''] = key.split(' ')
      const documented = pattern.slice(prefix.length).replace(/:(\w+)/g, '{$1}')
      return paths[documented]?.[method.toLowerCase()] === undefined
    })
    .sort()
}

// ── The least each field is sent ─────────────────────────────────────────────

function named(name: string): HostileValue {
  const value = HOSTILE_VALUES.find((candidate) => candidate.name === name)
  if (!value) throw new Error(`No hostile value named ${name}`)
  return value
}

/** Impossible dates, whole or in parts. */
const MALFORMED_DATES = [
  'year 99999',
  'day 32',
  'year 0',
  '30 February',
  'zero date',
  'five-digit year',
  'one-digit day',
]

/**
 * What every field gets, whatever the rotation gives it: one value of each
 * group (the first is added if none came): script or HTML injection, an
 * overlong value, control characters and, where the field is a date or part of
 * one, a date that cannot be.
 */
export const MINIMUM: Record<'all' | 'date', readonly (readonly string[])[]> = {
  all: [
    ['script tag', 'img onerror', 'closing textarea'],
    ['10 000 characters'],
    ['control characters'],
  ],
  date: [MALFORMED_DATES],
}

/** Text fields that hold a whole date (the audit trail's filter). */
const WHOLE_DATE_FIELDS = new Set(['from', 'to'])

/**
 * The CSRF token is checked before anything reads the form, so the rotation
 * values it is given (it gets every one when the other fields are lists too;
 * a "Remove" button's form has nothing else) go to another field, or nowhere.
 */
const CSRF_VALUES = new Set([
  'script tag',
  'NUL byte',
  '10 000 characters',
  'lone surrogate (bytes)',
])

/** fuzzPlan's values for each field, with the minimum added where it left one out. */
export function planWithMinimum(
  fields: readonly FuzzField[],
  options: { quick: boolean },
): [FuzzField, HostileValue][] {
  const plan: [FuzzField, HostileValue][] = []
  const given = new Map(fields.map((field) => [field.name, new Set<string>()]))
  const add = (field: FuzzField, value: HostileValue) => {
    given.get(field.name)?.add(value.name)
    plan.push([field, value])
  }
  const others = fields.filter((field) => field.name !== '_csrf')
  for (const [field, value] of fuzzPlan(fields, options)) {
    if (field.name !== '_csrf' || CSRF_VALUES.has(value.name)) {
      add(field, value)
      continue
    }
    const instead = others.find((other) => !given.get(other.name)?.has(value.name))
    if (instead) add(instead, value)
  }
  for (const field of others) {
    const isDate = field.kind === 'date' || WHOLE_DATE_FIELDS.has(field.name)
    for (const group of [...MINIMUM.all, ...(isDate ? MINIMUM.date : [])]) {
      const first = group[0]
      if (first !== undefined && !group.some((name) => given.get(field.name)?.has(name))) {
        add(field, named(first))
      }
    }
  }
  return plan
}
