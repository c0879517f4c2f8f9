// Restricted identity fields (issue 4): a child's real name, date of birth,
// address, local authority reference and NHS number (issue 9) are planted as
// unique values, then every
// response of every GET route (pages, exports, the API, the audit trail and its
// CSV, the calendar feed, public pages), as every kind of visitor, is searched
// for them. They turn up only after the reason step, only on the incident page
// and in the notification pack, and never in the logs.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { COMMAND_LINE } from '../../src/services/context.js'
import { buildApp } from '../../src/web/app.js'
import { loggerOptions } from '../../src/web/logging.js'
import { Browser, describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { errorSummaryOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  PARTNER,
  SCRIPT,
  idFromLocation,
  incidentFormWithIdentity,
  plantedNhsNumber,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import { readableText } from './support/response-text.js'
import {
  actorFor,
  demoIds,
  fillPath,
  parameterValues,
  routeCollector,
  visit,
  type Visitor,
} from './support/route-walk.js'

const PLANTED = randomUUID().slice(0, 8)
const NHS_NUMBER = plantedNhsNumber()
/** As the NHS prints it, and as the form is given it: "999 123 4567". */
const NHS_NUMBER_SPACED = `${NHS_NUMBER.slice(0, 3)} ${NHS_NUMBER.slice(3, 6)} ${NHS_NUMBER.slice(6)}`
const IDENTITY = {
  name: `Quillon Marchbanks-${PLANTED}`,
  address: `${PLANTED} Larkspur Mews, Testborough`,
  reference: `LA-${PLANTED}-REF`,
  dateOfBirth: '2015-02-27',
  nhsNumber: NHS_NUMBER_SPACED,
}
/** Every form the planted values could take in a response. */
const NEEDLES = [
  IDENTITY.name,
  IDENTITY.name.toUpperCase(),
  IDENTITY.address,
  IDENTITY.reference,
  PLANTED,
  IDENTITY.dateOfBirth,
  '27 February 2015',
  NHS_NUMBER,
  NHS_NUMBER_SPACED,
  NHS_NUMBER_SPACED.replaceAll(' ', '-'),
]

function leaks(text: string): string[] {
  return NEEDLES.filter((needle) => text.includes(needle))
}

/** An app on the harness's services whose log lines (every level) are kept. */
async function loggingApp(
  harness: Harness,
  onRoute: Parameters<typeof buildApp>[0]['onRoute'],
): Promise<{ app: FastifyInstance; logs: string[] }> {
  const logs: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'))
      done()
    },
  })
  const app = await buildApp({
    config: harness.config,
    services: harness.services,
    isDatabaseReachable: () => harness.runtime.database.isReachable(),
    // The production logger (its redaction included), at every level, into the test.
    logger: { ...(loggerOptions('trace') as object), stream },
    ...(onRoute ? { onRoute } : {}),
  })
  await app.ready()
  return { app, logs }
}

describeOnEachDatabase('Restricted identity fields never leave the incident page', (h) => {
  itOnLeg(
    'planted identity values appear nowhere — pages, exports, API, audit, feeds, logs — until the reason step, then only on the incident page and in the pack',
    async () => {
      const harness = h()
      const collector = routeCollector()
      const { app, logs } = await loggingApp(harness, collector.onRoute)
      const signIn = async (email: string) => {
        const browser = new Browser(app)
        assert.equal((await browser.signIn(email)).statusCode, 303, email)
        return browser
      }
      const coordinator = await signIn(COORDINATOR)
      const administrator = await signIn(ADMINISTRATOR)
      const partner = await signIn(PARTNER)

      // The incident, recorded on the form with the identity fields; first a
      // form error, so the re-rendered form is logged too.
      const { wd } = await workingDaysFromToday(harness)
      const form = await incidentFormWithIdentity(harness, 'Child Tau', IDENTITY)
      const invalid = await coordinator.submit('/manage/incidents/new', { ...form, harm: '' })
      assert.equal(invalid.statusCode, 400)
      const created = await coordinator.submit('/manage/incidents/new', form)
      const incidentId = idFromLocation(created, '/manage/incidents/')
      const coordinatorActor = await actorFor(harness, COORDINATOR)
      const incident = await harness.services.incidents.get(coordinatorActor, incidentId)
      const rapidReviewId = await harness.services.rapidReviews.start(
        coordinatorActor,
        incidentId,
        incident.version,
      )
      const [agency] = await harness.services.rapidReviews.agencies(coordinatorActor, rapidReviewId)
      assert.ok(agency)
      await harness.services.rapidReviews.addAgencyRequests(coordinatorActor, rapidReviewId, 1, {
        agencyIds: [agency.id],
        requestedOn: wd(0),
        dueOn: wd(5),
      })
      const view = await harness.services.rapidReviews.get(coordinatorActor, rapidReviewId)
      const agencyRequestId = view.agencyRequests[0]?.id ?? ''
      const document = await harness.services.documents.upload(coordinatorActor, {
        partnershipId: incident.partnership.id,
        recordType: 'rapid-review-agency-request',
        recordId: agencyRequestId,
        fileName: 'summary.txt',
        bytes: new TextEncoder().encode('Summary about Child Tau.'),
        accept: ['text'],
        permission: 'incidents:manage',
      })
      const values = parameterValues({
        ...(await demoIds(harness)),
        incidentId,
        rapidReviewId,
        agencyRequestId,
        documentId: document.id,
      })
      const tokens: Record<Visitor, string | null> = {} as Record<Visitor, string | null>
      for (const [visitor, email] of [
        ['coordinator', COORDINATOR],
        ['administrator', ADMINISTRATOR],
        ['partner', PARTNER],
      ] as const) {
        tokens[visitor] = await harness.services.users.createApiToken(
          email,
          'identity walk',
          COMMAND_LINE,
        )
      }
      tokens.anonymous = null
      const browsers = {
        anonymous: new Browser(app),
        coordinator,
        administrator,
        partner,
      } as Record<Visitor, Browser>
      const walkHarness = { ...harness, app } as Harness

      /** GETs every route as these visitors; returns where a planted value turned up. */
      const walk = async (
        visitors: readonly Visitor[],
        skip: (pattern: string) => boolean = () => false,
      ): Promise<string[]> => {
        const found: string[] = []
        const gets = [...collector.routes]
          .filter((key) => key.startsWith('GET '))
          .map((key) => key.slice(4))
        assert.ok(gets.length > 40, 'the walk covers the router’s routes')
        for (const pattern of gets) {
          if (skip(pattern)) continue
          const filled = fillPath(pattern, values)
          assert.ok('path' in filled, `a value for every parameter of ${pattern}`)
          const query = pattern === '/api/v1/calendar/working-days' ? '?from=2024-01-02&add=5' : ''
          for (const visitor of visitors) {
            const response = await visit(
              walkHarness,
              visitor,
              { browsers, tokens },
              filled.path + query,
            )
            const hits = leaks(await readableText(response))
            if (hits.length > 0) found.push(`${pattern} as ${visitor}: ${hits.join(', ')}`)
          }
        }
        return found
      }

      // 1. Before any reason: nowhere, for anyone.
      assert.deepEqual(await walk(['anonymous', 'coordinator', 'administrator', 'partner']), [])
      const hidden = textOf((await coordinator.get(`/manage/incidents/${incidentId}`)).body)
      assert.match(hidden, /Name Hidden/)
      assert.match(hidden, /Show identifying details/)
      assert.doesNotMatch(
        textOf((await partner.get(`/manage/incidents/${incidentId}`)).body),
        /Show identifying details/,
        'a partner (no identity:view) has no such action',
      )

      // 2. The reason step refuses bad reasons, audits nothing and shows nothing.
      const reasonPage = `/manage/incidents/${incidentId}/identifying-details`
      const countViews = async () =>
        (
          await harness.runtime.database.db
            .selectFrom('audit_event')
            .select('id')
            .where('action', '=', 'identifying-details.viewed')
            .where('record_id', '=', incidentId)
            .execute()
        ).length
      for (const [name, reason] of [
        ['empty', ''],
        ['too short', 'Because'],
        ['too long', 'x'.repeat(501)],
        ['the child’s name in it', `To check ${IDENTITY.name} against the referral`],
        ['the reference in it', `Matching ${IDENTITY.reference.toLowerCase()} with court papers`],
        ['the NHS number in it', `Matching NHS ${NHS_NUMBER} with the hospital`],
      ] as const) {
        const response = await coordinator.submit(reasonPage, { reason })
        assert.equal(response.statusCode, 400, name)
        assert.deepEqual(
          errorSummaryOf(response.body)?.items.map((item) => item.href),
          ['#reason'],
          name,
        )
        assert.equal(await countViews(), 0, `${name}: nothing audited`)
      }
      assert.deepEqual(leaks((await coordinator.get(`/manage/incidents/${incidentId}`)).body), [])
      assert.equal((await partner.get(reasonPage)).statusCode, 403)
      assert.equal(
        (await partner.submit('/manage', { reason: 'I would like to see' }, reasonPage)).statusCode,
        403,
      )

      // 3. A good reason: audited with the reason, and the page shows the details.
      const shown = await coordinator.submit(reasonPage, {
        reason: 'Completing the Panel’s notification form today',
      })
      assert.equal(shown.statusCode, 303)
      assert.equal(shown.headers.location, `/manage/incidents/${incidentId}#identifying-details`)
      assert.equal(await countViews(), 1)
      const page = await coordinator.get(`/manage/incidents/${incidentId}`)
      assert.deepEqual(
        leaks(page.body).sort(),
        [
          IDENTITY.name,
          IDENTITY.address,
          IDENTITY.reference,
          PLANTED,
          '27 February 2015',
          NHS_NUMBER_SPACED,
        ].sort(),
        'the incident page shows them now',
      )
      const audited = await harness.runtime.database.db
        .selectFrom('audit_event')
        .select('summary')
        .where('action', '=', 'identifying-details.viewed')
        .executeTakeFirstOrThrow()
      assert.deepEqual(JSON.parse(audited.summary), {
        after: {
          reason: 'Completing the Panel’s notification form today',
          purpose: 'incident',
          children: 1,
        },
      })

      // The pack, in this session, shows them too; each showing is an audited export.
      const pack = await coordinator.get(`/manage/incidents/${incidentId}/notification-pack`)
      assert.equal(pack.statusCode, 200)
      assert.ok(leaks(pack.body).includes(IDENTITY.name))
      assert.ok(leaks(pack.body).includes(NHS_NUMBER_SPACED))
      // Its PDF never holds them: they are never put in a file.
      const pdf = await coordinator.get(`/manage/incidents/${incidentId}/notification-pack.pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.deepEqual(leaks(await readableText(pdf)), [])
      const exports = await harness.runtime.database.db
        .selectFrom('audit_event')
        .select('summary')
        .where('action', '=', 'incident.notification-pack-exported')
        .where('record_id', '=', incidentId)
        .orderBy('sequence')
        .execute()
      assert.deepEqual(
        // The last two: the walk above downloaded the PDF too (it has no identities to unlock).
        exports.slice(-2).map((event) => JSON.parse(event.summary) as unknown),
        [
          {
            after: {
              format: 'html',
              children: 1,
              reason: 'Completing the Panel’s notification form today',
            },
          },
          { after: { format: 'pdf', children: 1, identifyingDetails: false } },
        ],
      )
      // Another session has to give its own reason first to see the pack page.
      const again = await signIn(COORDINATOR)
      const asked = await again.get(`/manage/incidents/${incidentId}/notification-pack`)
      assert.equal(asked.statusCode, 303)
      assert.equal(asked.headers.location, `${reasonPage}?for=notification-pack`)

      // An administrator's reason with markup: audited, and shown escaped on the audit page.
      const adminReason = `${SCRIPT} preparing for the inquest`
      assert.equal(
        (await administrator.submit(reasonPage, { reason: adminReason })).statusCode,
        303,
      )
      const auditPage = await administrator.get(`/manage/audit?record=${incidentId}`)
      assert.equal(auditPage.statusCode, 200)
      assert.ok(!auditPage.body.includes(SCRIPT), 'the reason is escaped')
      assert.match(auditPage.body, /&lt;script&gt;alert\(1\)/)

      // 4. After the reason step: still nowhere else (exports, API, lists, audit, feeds).
      const shownHere = (pattern: string) =>
        pattern === '/manage/incidents/:id' ||
        pattern.startsWith('/manage/incidents/:id/notification-pack')
      assert.deepEqual(await walk(['coordinator', 'administrator'], shownHere), [])

      // 5. And never in a log line, at any level.
      assert.ok(logs.length > 50, 'the log was captured')
      assert.deepEqual(leaks(logs.join('\n')), [], 'no identity value in the logs')
      await app.close()
    },
  )
})
