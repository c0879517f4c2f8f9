// Issue 9: the child's NHS number on an incident, end to end. Typed on the
// "record an incident" form as people write it, kept as ten digits, hidden
// like the other restricted identity fields until a reason is given (issue 4),
// corrected from the child's "Change" form and audited without the value, a
// sign of a possible duplicate, and a term of the redaction check (S17): a
// report that quotes it is held back with the hit "<pseudonym>: NHS number".
import assert from 'node:assert/strict'
import type { Db } from '../../src/data/db.js'
import { buildDocx } from '../support/report-fixtures.js'
import { decodeHtml, errorSummaryOf, textOf } from './support/html.js'
import { describeOnEachDatabase, itOnLeg, type Browser } from './support/app-harness.js'
import {
  COORDINATOR,
  auditSummaries,
  dateFields,
  dbOf,
  idFromLocation,
  incidentFormWithIdentity,
  plantedNhsNumber,
  signedIn,
} from './support/incident-helpers.js'
import { readableText } from './support/response-text.js'
import { actorFor } from './support/route-walk.js'

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** "9997654323" written three ways: as the NHS prints it, hyphenated, and as stored. */
function writings(digits: string) {
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)]
  return { spaced: `${a} ${b} ${c}`, hyphenated: `${a}-${b}-${c}`, digits }
}

/** The hidden fields of the form posting to `action` on a page. */
function hiddenFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? ''
  const fields: Record<string, string> = {}
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[decodeHtml(match[1] ?? '')] = decodeHtml(match[2] ?? '')
  }
  return fields
}

/** The value a text input shows, or null when the page has no such input. */
function inputValue(html: string, name: string): string | null {
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0]
  if (!input) return null
  return decodeHtml(/value="([^"]*)"/.exec(input)?.[1] ?? '')
}

/** What the database holds for the incident's first child. */
async function storedNhsNumber(db: Db, incidentId: string): Promise<string | null> {
  const row = await db
    .selectFrom('incident_child')
    .select('restricted_nhs_number')
    .where('incident_id', '=', incidentId)
    .where('position', '=', 1)
    .executeTakeFirstOrThrow()
  return row.restricted_nhs_number
}

describeOnEachDatabase('The child’s NHS number (issue 9)', (h) => {
  itOnLeg(
    'recorded on the form, hidden until a reason is given, corrected and audited without it, and found in a report by the redaction check',
    async () => {
      const harness = h()
      const db = dbOf(harness)
      const coordinator: Browser = await signedIn(harness.app, COORDINATOR)
      const first = writings(plantedNhsNumber())
      let second = writings(plantedNhsNumber())
      while (second.digits === first.digits) second = writings(plantedNhsNumber())
      const leaks = (text: string) =>
        [...Object.values(first), ...Object.values(second)].filter((one) => text.includes(one))
      const identity = {
        name: 'Perpetua Ashcombe-Vane',
        address: '7 Quince Row, Testborough',
        reference: 'LA-NHS-4471',
        dateOfBirth: '2016-05-14',
      }

      // A mistyped number: the form says what is wrong, on the field, without repeating it.
      const form = await incidentFormWithIdentity(harness, 'Child Nu', {
        ...identity,
        nhsNumber: first.spaced,
      })
      const mistyped = first.digits.slice(0, 9) + String((Number(first.digits[9]) + 1) % 10)
      for (const [typed, message] of [
        [mistyped, 'The child’s NHS number is not valid: check the digits'],
        ['999 765 432', 'The child’s NHS number must be 10 digits, like 943 476 5919'],
      ] as const) {
        const refused = await coordinator.submit('/manage/incidents/new', {
          ...form,
          child1NhsNumber: typed,
        })
        assert.equal(refused.statusCode, 400, typed)
        assert.deepEqual(errorSummaryOf(refused.body)?.items, [
          { href: '#child1NhsNumber', text: message },
        ])
        assert.equal(inputValue(refused.body, 'child1NhsNumber'), typed, 'what was typed is kept')
      }

      // Recorded as typed with spaces, kept as its ten digits.
      const created = await coordinator.submit('/manage/incidents/new', form)
      const incidentId = idFromLocation(created, '/manage/incidents/')
      assert.equal(await storedNhsNumber(db, incidentId), first.digits)
      const recorded = (await auditSummaries(harness, incidentId)).find(
        (event) => event.action === 'incident.recorded',
      )
      assert.ok(recorded, 'the recording is audited')
      assert.deepEqual(leaks(JSON.stringify(recorded)), [], 'the audit never holds the number')

      // Hidden on the incident page and in the list until a reason is given.
      const incidentPage = `/manage/incidents/${incidentId}`
      const hidden = await coordinator.get(incidentPage)
      assert.match(textOf(hidden.body), /NHS number Hidden/)
      assert.deepEqual(leaks(hidden.body), [])
      assert.deepEqual(leaks((await coordinator.get('/manage/incidents')).body), [])
      const child = await coordinator.get(`${incidentPage}/change/child-1`)
      assert.equal(inputValue(child.body, 'child1NhsNumber'), null, 'not on the change form yet')

      // A reason that quotes the number, however written, is refused and not audited.
      const reasonPage = `${incidentPage}/identifying-details`
      const quoting = await coordinator.submit(reasonPage, {
        reason: `Checking ${first.hyphenated} with the hospital`,
      })
      assert.equal(quoting.statusCode, 400)
      assert.match(textOf(quoting.body), /must not include .* NHS number/)
      const shown = await coordinator.submit(reasonPage, {
        reason: 'Completing the Panel’s notification form today',
      })
      assert.equal(shown.statusCode, 303)
      const views = (await auditSummaries(harness, incidentId)).filter(
        (event) => event.action === 'identifying-details.viewed',
      )
      assert.equal(views.length, 1, 'only the good reason is audited')

      // Shown now, as the NHS writes it, on the page and in the notification pack.
      const revealed = textOf((await coordinator.get(incidentPage)).body)
      assert.ok(revealed.includes(`NHS number ${first.spaced}`), revealed)
      const pack = await coordinator.get(`${incidentPage}/notification-pack`)
      assert.ok(textOf(pack.body).includes(`NHS number ${first.spaced}`))
      const pdf = await coordinator.get(`${incidentPage}/notification-pack.pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.deepEqual(leaks(await readableText(pdf)), [], 'never in the PDF')

      // Corrected from the child's form, which now shows it.
      const changeUrl = `${incidentPage}/change/child-1`
      const change = await coordinator.get(changeUrl)
      assert.equal(inputValue(change.body, 'child1NhsNumber'), first.spaced)
      assert.match(change.body, /id="child1NhsNumber"[^>]*inputmode="numeric"/)
      const childForm = {
        ...hiddenFields(change.body, changeUrl),
        child1Pseudonym: 'Child Nu',
        child1AgeYears: inputValue(change.body, 'child1AgeYears') ?? '',
        child1HealthInformation: '',
        child1Name: identity.name,
        ...dateFields('child1DateOfBirth', identity.dateOfBirth),
        child1Address: identity.address,
        child1LocalAuthorityReference: identity.reference,
      }
      const badCorrection = await coordinator.post(changeUrl, {
        ...childForm,
        child1NhsNumber: mistyped,
      })
      assert.equal(badCorrection.statusCode, 400)
      assert.ok(textOf(badCorrection.body).includes('NHS number is not valid: check the digits'))
      assert.equal(await storedNhsNumber(db, incidentId), first.digits, 'nothing saved')

      const corrected = await coordinator.post(changeUrl, {
        ...childForm,
        child1NhsNumber: second.hyphenated,
      })
      assert.equal(corrected.statusCode, 303, textOf(corrected.body).slice(0, 400))
      assert.equal(await storedNhsNumber(db, incidentId), second.digits)
      const correction = (await auditSummaries(harness, incidentId)).find(
        (event) => event.action === 'incident.corrected',
      )
      assert.ok(correction, 'the correction is audited')
      assert.equal(
        (JSON.parse(correction.summary) as { after?: { restrictedFieldsChanged?: number } }).after
          ?.restrictedFieldsChanged,
        1,
        'how many restricted fields changed: the NHS number alone',
      )
      assert.deepEqual(leaks(JSON.stringify(correction)), [], 'never the old or new number')
      assert.ok(
        textOf((await coordinator.get(incidentPage)).body).includes(`NHS number ${second.spaced}`),
      )

      // The same number on another incident within days: it may be the same child.
      const again = await coordinator.submit('/manage/incidents/new', {
        ...(await incidentFormWithIdentity(harness, 'Child Xi', {
          name: 'Someone Else-Entirely',
          address: '1 Other Road, Testborough',
          reference: 'LA-NHS-9999',
          dateOfBirth: identity.dateOfBirth,
          nhsNumber: second.digits,
        })),
        confirmNotDuplicate: '',
      })
      assert.equal(again.statusCode, 200)
      assert.ok(textOf(again.body).includes('This incident may already be recorded'))
      assert.deepEqual(leaks(textOf(again.body)), [], 'the warning does not show it')

      // S17: a review of this incident whose report quotes the number, hyphenated.
      const actor = await actorFor(harness, COORDINATOR)
      const incident = await harness.services.incidents.get(actor, incidentId)
      const rapidReviewId = await harness.services.rapidReviews.start(
        actor,
        incidentId,
        incident.version,
      )
      const review = await db
        .selectFrom('review')
        .select('id')
        .where('slug', '=', 'demo-review-child-c')
        .executeTakeFirstOrThrow()
      await db
        .updateTable('review')
        .set({ rapid_review_id: rapidReviewId })
        .where('id', '=', review.id)
        .execute()
      const version = await harness.services.reportVersions.upload(actor, review.id, {
        fileName: 'draft.docx',
        declaredMediaType: DOCX,
        bytes: buildDocx({
          body: [
            'Learning from the review of Child Nu.',
            `The discharge letter gave her NHS number as ${second.hyphenated}.`,
          ],
        }),
      })
      const hits = await db
        .selectFrom('redaction_hit')
        .select(['kind', 'term_ref', 'location', 'excerpt'])
        .where('report_version_id', '=', version.id)
        .execute()
      assert.deepEqual(
        hits.map((hit) => [hit.kind, hit.term_ref, hit.location]),
        [['nhs-number', 'child:1:nhs-number', 'body']],
      )
      assert.deepEqual(leaks(JSON.stringify(hits)), [], 'the hit never holds the number')
      const versionPage = await coordinator.get(
        `/manage/reviews/${review.id}/report-versions/${version.id}`,
      )
      assert.equal(versionPage.statusCode, 200)
      const versionText = textOf(versionPage.body)
      assert.match(versionText, /This version cannot be published/)
      assert.match(versionText, /Child Nu: NHS number body .*█████/)
      assert.deepEqual(leaks(versionPage.body), [])
      assert.equal(await harness.services.reportVersions.isVersionClearToPublish(version.id), false)
    },
  )
})
