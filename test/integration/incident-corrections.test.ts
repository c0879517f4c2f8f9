// Issue 8, serious incidents: case references, a form submitted twice records
// once, the possible-duplicate warning, corrections that move the statutory
// clocks (S3, S6), "entered in error", dates checked in order, and the success
// banner after each save.
import assert from 'node:assert/strict'
import { calendarDate, type CalendarDate } from '../../src/domain/calendar/calendar-date.js'
import { longDate } from '../../src/domain/incidents/date-order.js'
import { ageOn } from '../../src/domain/incidents/incident-validation.js'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { decodeHtml, errorSummaryOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  SOUTHWARK_COORDINATOR,
  api,
  apiToken,
  auditSummaries,
  countRows,
  dateFields,
  dbOf,
  idFromLocation,
  signedIn,
  versionIn,
  workingDaysFromToday,
} from './support/incident-helpers.js'
import type { Browser } from './support/app-harness.js'

const NAME = 'Ozymandias Fairweather-Test'
const DATE_OF_BIRTH = '2018-04-02'

interface ApiIncident {
  id: string
  caseReference: string
  [key: string]: unknown
}

/** A valid form (aware 2 working days ago) for one child with this pseudonym. */
async function incidentForm(
  harness: Harness,
  pseudonym: string,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const { wd } = await workingDaysFromToday(harness)
  return {
    partnership: 'wandsworth',
    abuseOrNeglect: 'suspected',
    harm: 'serious-harm',
    lookedAfter: 'no',
    careLeaver: 'no',
    guidanceEdition: 'WT2023',
    ...dateFields('incidentOn', wd(-3)),
    ...dateFields('awareOn', wd(-2)),
    place: 'Family home',
    description: `${pseudonym} was taken to hospital.`,
    child1Pseudonym: pseudonym,
    ...extra,
  }
}

/** The hidden fields of the first form posting to `action` on a page. */
function hiddenFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*action="${action}"[\\s\\S]*?</form>`).exec(html)?.[0] ?? ''
  const fields: Record<string, string> = {}
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[decodeHtml(match[1] ?? '')] = decodeHtml(match[2] ?? '')
  }
  return fields
}

/** Opens the form as a browser does (with its one-time token) and posts it. */
async function recordThroughForm(
  browser: Browser,
  form: Record<string, string>,
): Promise<{ response: Awaited<ReturnType<Browser['post']>>; posted: Record<string, string> }> {
  const page = await browser.get('/manage/incidents/new')
  assert.equal(page.statusCode, 200)
  const posted = { ...hiddenFields(page.body, '/manage/incidents/new'), ...form }
  assert.match(posted._formToken ?? '', /^[A-Za-z0-9_-]{22}$/, 'the form carries a one-time token')
  return { response: await browser.post('/manage/incidents/new', posted), posted }
}

async function caseReferenceOf(harness: Harness, id: string): Promise<string> {
  const row = await dbOf(harness)
    .selectFrom('incident')
    .select('case_reference')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return row.case_reference ?? ''
}

describeOnEachDatabase('Serious incidents: references, corrections and mistakes (issue 8)', (h) => {
  itOnLeg(
    'case references: the demo incidents were numbered; new ones count on per partnership and year, unique even when recorded at once',
    async () => {
      const harness = h()
      const demo = await dbOf(harness).selectFrom('incident').select(['case_reference']).execute()
      assert.ok(demo.length > 0)
      for (const row of demo) assert.match(row.case_reference ?? '', /^WSCP-\d{4}-\d{3}$/)

      const { wd } = await workingDaysFromToday(harness)
      const year = Number(wd(-2).slice(0, 4))
      const before = await dbOf(harness)
        .selectFrom('case_reference_counter')
        .innerJoin('partnership', 'partnership.id', 'case_reference_counter.partnership_id')
        .select('last_number')
        .where('partnership.slug', '=', 'wandsworth')
        .where('year', '=', year)
        .executeTakeFirst()
      const start = Number(before?.last_number ?? 0)
      const token = await apiToken(harness, COORDINATOR)
      const body = (pseudonym: string) => ({
        childPseudonym: pseudonym,
        awareOn: wd(-2),
        incidentOn: wd(-3),
        harm: 'serious-harm',
        abuseOrNeglect: 'suspected',
      })
      const first = await api(harness.app, token, 'POST', '/api/v1/incidents', body('Child Ref A'))
      assert.equal(first.statusCode, 201, first.body)
      assert.equal(
        first.json<ApiIncident>().caseReference,
        `WSCP-${year}-${String(start + 1).padStart(3, '0')}`,
      )
      // Five at once: five different, consecutive numbers.
      const burst = await Promise.all(
        ['B', 'C', 'D', 'E', 'F'].map((letter) =>
          api(harness.app, token, 'POST', '/api/v1/incidents', body(`Child Ref ${letter}`)),
        ),
      )
      const references = burst.map((response) => {
        assert.equal(response.statusCode, 201, response.body)
        return response.json<ApiIncident>().caseReference
      })
      assert.deepEqual(
        [...references].sort(),
        [2, 3, 4, 5, 6].map((n) => `WSCP-${year}-${String(start + n).padStart(3, '0')}`),
      )

      // Southwark counts its own, with its own prefix.
      const southwark = await apiToken(harness, SOUTHWARK_COORDINATOR)
      const theirs = await api(harness.app, southwark, 'POST', '/api/v1/incidents', {
        ...body('Child Ref S'),
        partnership: 'southwark',
      })
      assert.equal(theirs.statusCode, 201, theirs.body)
      assert.match(theirs.json<ApiIncident>().caseReference, new RegExp(`^SSCP-${year}-\\d{3}$`))

      // Shown in the list, on the page and in the API list.
      const browser = await signedIn(harness.app, COORDINATOR)
      const list = await browser.get('/manage/incidents')
      assert.ok(textOf(list.body).includes(`WSCP-${year}-${String(start + 1).padStart(3, '0')}`))
      const id = first.json<ApiIncident>().id
      const page = await browser.get(`/manage/incidents/${id}`)
      assert.ok(textOf(page.body).includes(first.json<ApiIncident>().caseReference))
      const listed = await api(harness.app, token, 'GET', '/api/v1/incidents')
      assert.equal(listed.statusCode, 200)
      assert.ok(
        listed
          .json<{ incidents: ApiIncident[] }>()
          .incidents.some(
            (incident) =>
              incident.id === id &&
              incident.caseReference === first.json<ApiIncident>().caseReference,
          ),
      )
    },
  )

  itOnLeg(
    'a form submitted twice (the Back button) records once and goes to the incident already recorded; the banner shows once',
    async () => {
      const harness = h()
      const browser = await signedIn(harness.app, COORDINATOR)
      const before = await countRows(harness, 'incident')
      const { response, posted } = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Backbutton'),
      )
      const id = idFromLocation(response, '/manage/incidents/')
      const reference = await caseReferenceOf(harness, id)
      const shown = await browser.get(`/manage/incidents/${id}`)
      assert.ok(
        textOf(shown.body).includes(`Incident ${reference} recorded`),
        'a success banner names the reference',
      )
      assert.match(shown.body, /govuk-notification-banner--success/)
      const again = await browser.get(`/manage/incidents/${id}`)
      assert.ok(!textOf(again.body).includes(`Incident ${reference} recorded`), 'shown once')

      // Back, then submit the same filled form again.
      const resubmitted = await browser.post('/manage/incidents/new', posted)
      assert.equal(resubmitted.statusCode, 303)
      assert.equal(resubmitted.headers.location, `/manage/incidents/${id}`)
      assert.equal(await countRows(harness, 'incident'), before + 1, 'recorded once')
      const told = await browser.get(`/manage/incidents/${id}`)
      assert.ok(textOf(told.body).includes(`Incident ${reference} was already recorded`))
    },
  )

  itOnLeg(
    'the same child (by pseudonym or, unseen, by name) within 10 days: a warning lists the earlier incident and nothing is recorded until confirmed',
    async () => {
      const harness = h()
      const browser = await signedIn(harness.app, COORDINATOR)
      const { wd } = await workingDaysFromToday(harness)
      const first = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Twice', {
          child1Name: NAME,
          ...dateFields('child1DateOfBirth', DATE_OF_BIRTH),
          child1AgeYears: String(ageOn(calendarDate(DATE_OF_BIRTH), wd(-3))),
        }),
      )
      const firstId = idFromLocation(first.response, '/manage/incidents/')
      const reference = await caseReferenceOf(harness, firstId)
      const before = await countRows(harness, 'incident')

      // A second tab: a new form, the same child by pseudonym.
      const second = await recordThroughForm(browser, await incidentForm(harness, 'Child Twice'))
      assert.equal(second.response.statusCode, 200)
      const warning = second.response.body
      assert.ok(textOf(warning).includes('This incident may already be recorded'))
      const table = /<table[\s\S]*?<\/table>/.exec(warning)?.[0] ?? ''
      assert.ok(textOf(table).includes(reference))
      assert.ok(textOf(table).includes('Child Twice'))
      assert.ok(textOf(table).includes(longDate(wd(-2))))
      assert.ok(!table.includes(NAME), 'no identifying detail in the list')
      assert.equal(await countRows(harness, 'incident'), before, 'nothing recorded yet')
      assert.ok(textOf(warning).includes('This is a different incident – record it'))
      assert.match(warning, /href="\/manage\/incidents">Cancel</)

      // The same child by name only, under another pseudonym.
      const byName = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Othername', { child1Name: NAME.toUpperCase() }),
      )
      assert.equal(byName.response.statusCode, 200)
      assert.ok(textOf(byName.response.body).includes(reference))
      assert.equal(await countRows(harness, 'incident'), before)

      // Confirmed: recorded once, with the form as typed.
      const confirmed = await browser.post(
        '/manage/incidents/new',
        hiddenFields(warning, '/manage/incidents/new'),
      )
      const secondId = idFromLocation(confirmed, '/manage/incidents/')
      assert.notEqual(secondId, firstId)
      assert.equal(await countRows(harness, 'incident'), before + 1)

      // More than 10 days apart is not a duplicate.
      const later = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Twice', {
          ...dateFields('incidentOn', wd(-20)),
          ...dateFields('awareOn', wd(-19)),
        }),
      )
      assert.equal(later.response.statusCode, 303)
    },
  )

  itOnLeg(
    'correcting the awareness date moves the S3 and S6 due dates on the page at once; versioned and audited',
    async () => {
      const harness = h()
      const browser = await signedIn(harness.app, COORDINATOR)
      const { wd } = await workingDaysFromToday(harness)
      const calendar = await harness.services.calendar.calendar()
      const { response } = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Corrected'),
      )
      const id = idFromLocation(response, '/manage/incidents/')
      const page = await browser.get(`/manage/incidents/${id}`)
      const clocks = (html: string) =>
        textOf(/data-testid="clocks"[\s\S]*?<\/dl>/.exec(html)?.[0] ?? '')
      const dueFrom = (aware: CalendarDate) => ({
        s3: longDate(calendar.addWorkingDays(aware, 5)),
        s6: longDate(calendar.addWorkingDays(aware, 15)),
      })
      assert.ok(clocks(page.body).includes(dueFrom(wd(-2)).s3))
      assert.ok(clocks(page.body).includes(dueFrom(wd(-2)).s6))
      assert.match(page.body, new RegExp(`href="/manage/incidents/${id}/change/dates"`))

      const form = await browser.get(`/manage/incidents/${id}/change/dates`)
      assert.equal(form.statusCode, 200)
      const version = versionIn(form.body)
      const saved = await browser.post(`/manage/incidents/${id}/change/dates`, {
        ...hiddenFields(form.body, `/manage/incidents/${id}/change/dates`),
        ...dateFields('incidentOn', wd(-3)),
        ...dateFields('awareOn', wd(-1)),
      })
      assert.equal(saved.statusCode, 303, saved.body)
      const after = await browser.get(`/manage/incidents/${id}`)
      assert.ok(clocks(after.body).includes(dueFrom(wd(-1)).s3), 'S3 moved')
      assert.ok(clocks(after.body).includes(dueFrom(wd(-1)).s6), 'S6 moved')
      assert.ok(textOf(after.body).includes('corrected'), 'a success banner')
      const events = await auditSummaries(harness, id)
      assert.ok(events.some((event) => event.action === 'incident.corrected'))

      // The same form again, now stale: the conflict page, nothing saved.
      const stale = await browser.post(`/manage/incidents/${id}/change/dates`, {
        ...hiddenFields(form.body, `/manage/incidents/${id}/change/dates`),
        version,
        ...dateFields('incidentOn', wd(-4)),
        ...dateFields('awareOn', wd(-4)),
      })
      assert.equal(stale.statusCode, 409)
      assert.ok(textOf(stale.body).includes('changed by someone else'))
      const unchanged = await browser.get(`/manage/incidents/${id}`)
      assert.ok(clocks(unchanged.body).includes(dueFrom(wd(-1)).s3))

      // Another part: the pseudonym, shown everywhere at once.
      const child = await browser.get(`/manage/incidents/${id}/change/child-1`)
      assert.equal(child.statusCode, 200)
      assert.ok(!child.body.includes('name="child1Name"'), 'identity fields hidden until a reason')
      const renamed = await browser.post(`/manage/incidents/${id}/change/child-1`, {
        ...hiddenFields(child.body, `/manage/incidents/${id}/change/child-1`),
        child1Pseudonym: 'Child Renamed',
        child1AgeYears: '',
      })
      assert.equal(renamed.statusCode, 303)
      const list = await browser.get('/manage/incidents')
      assert.ok(textOf(list.body).includes('Child Renamed'))
    },
  )

  itOnLeg(
    'conflicts are per part: two forms of different parts opened together both save; the same part opened twice clashes',
    async () => {
      const harness = h()
      const browser = await signedIn(harness.app, COORDINATOR)
      const { wd } = await workingDaysFromToday(harness)
      const { response } = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Two Tabs'),
      )
      const id = idFromLocation(response, '/manage/incidents/')
      const url = (part: string) => `/manage/incidents/${id}/change/${part}`
      // Three "tabs", all opened before anything is saved.
      const place = await browser.get(url('place'))
      const dates = await browser.get(url('dates'))
      const placeAgain = await browser.get(url('place'))
      assert.equal(versionIn(place.body), versionIn(dates.body))

      const savedPlace = await browser.post(url('place'), {
        ...hiddenFields(place.body, url('place')),
        place: 'The family home',
      })
      assert.equal(savedPlace.statusCode, 303, savedPlace.body)
      // The dates form is a version behind, but nobody changed the dates: it saves.
      const savedDates = await browser.post(url('dates'), {
        ...hiddenFields(dates.body, url('dates')),
        ...dateFields('incidentOn', wd(-3)),
        ...dateFields('awareOn', wd(-1)),
      })
      assert.equal(savedDates.statusCode, 303, savedDates.body)
      const stored = await harness.runtime.database.db
        .selectFrom('incident')
        .select(['place', 'aware_on', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.equal(stored.place, 'The family home', 'the first save is kept')
      assert.equal(stored.aware_on, wd(-1), 'the second save is kept')
      assert.equal(Number(stored.version), Number(versionIn(place.body)) + 2)

      // The place, opened before the first save, did change since: a real clash,
      // shown with what is saved now; nothing saved.
      const clash = await browser.post(url('place'), {
        ...hiddenFields(placeAgain.body, url('place')),
        place: 'A park',
      })
      assert.equal(clash.statusCode, 409)
      assert.ok(textOf(clash.body).includes('changed by someone else'))
      assert.ok(textOf(clash.body).includes('The family home'), 'the saved value is shown')
      const still = await harness.runtime.database.db
        .selectFrom('incident')
        .select('place')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.equal(still.place, 'The family home')
    },
  )

  itOnLeg(
    'dates out of order are refused with messages that name both dates: the form, the API, notifications and corrections',
    async () => {
      const harness = h()
      const browser = await signedIn(harness.app, COORDINATOR)
      const { wd, today } = await workingDaysFromToday(harness)
      const before = await countRows(harness, 'incident')
      const refused = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Order', {
          ...dateFields('incidentOn', wd(-2)),
          ...dateFields('awareOn', wd(-3)),
        }),
      )
      assert.equal(refused.response.statusCode, 400)
      const expected = `The date the local authority became aware must be on or after the date of the incident (${longDate(wd(-2))})`
      assert.deepEqual(
        errorSummaryOf(refused.response.body)?.items.map((item) => item.text),
        [expected],
      )
      assert.equal(await countRows(harness, 'incident'), before)

      const token = await apiToken(harness, COORDINATOR)
      const viaApi = await api(harness.app, token, 'POST', '/api/v1/incidents', {
        childPseudonym: 'Child Order',
        awareOn: wd(-3),
        incidentOn: wd(-2),
        harm: 'serious-harm',
        abuseOrNeglect: 'suspected',
      })
      assert.equal(viaApi.statusCode, 400)
      assert.deepEqual(viaApi.json(), { errors: [{ field: 'awareOn', message: expected }] })

      const { response } = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Ordered'),
      )
      const id = idFromLocation(response, '/manage/incidents/')
      const page = await browser.get(`/manage/incidents/${id}`)
      const early = await browser.post(`/manage/incidents/${id}/notifications`, {
        ...hiddenFields(page.body, `/manage/incidents/${id}/notifications`),
        ...dateFields('panelNotifiedOn', wd(-3)),
      })
      assert.equal(early.statusCode, 400)
      assert.ok(
        textOf(early.body).includes(
          `The date the Panel was notified must be on or after the date the local authority became aware (${longDate(wd(-2))})`,
        ),
      )
      const future = await browser.post(`/manage/incidents/${id}/notifications`, {
        ...hiddenFields(page.body, `/manage/incidents/${id}/notifications`),
        ...dateFields('ofstedNotifiedOn', wd(2)),
      })
      assert.equal(future.statusCode, 400)
      assert.ok(
        textOf(future.body).includes('Date Ofsted was notified must be today or in the past'),
      )

      // Notified yesterday; the awareness date cannot then be corrected to today.
      const notified = await browser.post(`/manage/incidents/${id}/notifications`, {
        ...hiddenFields(page.body, `/manage/incidents/${id}/notifications`),
        ...dateFields('panelNotifiedOn', wd(-1)),
      })
      assert.equal(notified.statusCode, 303)
      const change = await browser.get(`/manage/incidents/${id}/change/dates`)
      const corrected = await browser.post(`/manage/incidents/${id}/change/dates`, {
        ...hiddenFields(change.body, `/manage/incidents/${id}/change/dates`),
        ...dateFields('incidentOn', wd(-3)),
        ...dateFields('awareOn', today),
      })
      assert.equal(corrected.statusCode, 400)
      assert.ok(
        textOf(corrected.body).includes(
          `The date the local authority became aware must be on or before the date the Panel was notified (${longDate(wd(-1))})`,
        ),
      )
    },
  )

  itOnLeg(
    'entered in error: off the incidents list, the dashboard and the API list; administrators still open it, labelled',
    async () => {
      const harness = h()
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const { response } = await recordThroughForm(
        coordinator,
        await incidentForm(harness, 'Child Mistake'),
      )
      const id = idFromLocation(response, '/manage/incidents/')
      const reference = await caseReferenceOf(harness, id)
      const token = await apiToken(harness, COORDINATOR)
      const inApi = async () =>
        (await api(harness.app, token, 'GET', '/api/v1/incidents'))
          .json<{ incidents: ApiIncident[] }>()
          .incidents.some((incident) => incident.id === id)
      assert.ok(textOf((await coordinator.get('/manage/incidents')).body).includes(reference))
      assert.ok(textOf((await coordinator.get('/manage')).body).includes('Child Mistake'))
      assert.ok(await inApi())

      // A serious case cannot be closed before its rapid review: the duplicate is not trapped.
      const page = await coordinator.get(`/manage/incidents/${id}`)
      assert.match(page.body, new RegExp(`href="/manage/incidents/${id}/entered-in-error"`))
      const form = await coordinator.get(`/manage/incidents/${id}/entered-in-error`)
      const empty = await coordinator.post(`/manage/incidents/${id}/entered-in-error`, {
        ...hiddenFields(form.body, `/manage/incidents/${id}/entered-in-error`),
        enteredInErrorReason: '',
      })
      assert.equal(empty.statusCode, 400)
      const marked = await coordinator.post(`/manage/incidents/${id}/entered-in-error`, {
        ...hiddenFields(form.body, `/manage/incidents/${id}/entered-in-error`),
        enteredInErrorReason: 'Recorded twice after pressing Back.',
      })
      assert.equal(marked.statusCode, 303)
      assert.equal(marked.headers.location, '/manage/incidents')
      const list = await coordinator.get('/manage/incidents')
      assert.ok(textOf(list.body).includes(`Incident ${reference} marked as entered in error`))
      assert.ok(
        !/data-testid="incidents"[\s\S]*?<\/table>/.exec(list.body)?.[0].includes(reference),
      )
      assert.ok(!textOf((await coordinator.get('/manage')).body).includes('Child Mistake'))
      assert.ok(!(await inApi()))
      assert.equal((await coordinator.get(`/manage/incidents/${id}`)).statusCode, 404)
      assert.equal(
        (await api(harness.app, token, 'GET', `/api/v1/incidents/${id}`)).statusCode,
        404,
      )
      assert.equal((await coordinator.get('/manage/incidents/entered-in-error')).statusCode, 403)
      const events = await auditSummaries(harness, id)
      assert.ok(events.some((event) => event.action === 'incident.entered-in-error'))
      assert.ok(await countRows(harness, 'incident'), 'kept, never deleted')

      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      const adminList = await administrator.get('/manage/incidents')
      assert.match(
        adminList.body,
        /href="\/manage\/incidents\/entered-in-error">Show incidents entered in error/,
      )
      const enteredInError = await administrator.get('/manage/incidents/entered-in-error')
      assert.equal(enteredInError.statusCode, 200)
      assert.ok(textOf(enteredInError.body).includes(reference))
      assert.ok(textOf(enteredInError.body).includes('Recorded twice after pressing Back.'))
      const opened = await administrator.get(`/manage/incidents/${id}`)
      assert.equal(opened.statusCode, 200)
      assert.ok(textOf(opened.body).includes('This incident was entered in error'))
      assert.ok(!opened.body.includes('/change/dates'), 'no Change links')
    },
  )

  itOnLeg(
    'incident pages: no care-leaver row for a child who is not one, the pack links back, long text has a character count',
    async () => {
      const harness = h()
      const browser = await signedIn(harness.app, COORDINATOR)
      const { response } = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Rows'),
      )
      const id = idFromLocation(response, '/manage/incidents/')
      const page = await browser.get(`/manage/incidents/${id}`)
      assert.ok(!textOf(page.body).includes('Secretary of State and Ofsted notified'))
      const form = await browser.get('/manage/incidents/new')
      assert.match(form.body, /govuk-character-count[\s\S]*?data-maxlength="5000"/)
      assert.match(form.body, /You can enter up to 5000 characters/)
      const tooLong = await recordThroughForm(
        browser,
        await incidentForm(harness, 'Child Long', { description: 'x'.repeat(5001) }),
      )
      assert.equal(tooLong.response.statusCode, 400)
      assert.ok(
        textOf(tooLong.response.body).includes('What happened must be 5000 characters or fewer'),
      )
      const description = await browser.get(`/manage/incidents/${id}/change/description`)
      assert.match(description.body, /govuk-character-count/)
      // The pack's page needs a reason first; its link back is there once shown.
      const unlocked = await browser.post(`/manage/incidents/${id}/identifying-details`, {
        ...hiddenFields(
          (await browser.get(`/manage/incidents/${id}/identifying-details?for=notification-pack`))
            .body,
          `/manage/incidents/${id}/identifying-details`,
        ),
        reason: 'Preparing the Panel notification for this incident.',
        purpose: 'notification-pack',
      })
      assert.equal(unlocked.statusCode, 303)
      const pack = await browser.get(`/manage/incidents/${id}/notification-pack`)
      assert.equal(pack.statusCode, 200)
      assert.match(
        pack.body,
        new RegExp(`<a class="govuk-link" href="/manage/incidents/${id}">incident `),
      )
    },
  )
})
