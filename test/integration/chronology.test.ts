// The integrated chronology of a review: entries by form, CSV pasted in (all or
// nothing, bad rows listed with their line numbers), and the merged timeline
// filtered by agency with a plain GET form — on both databases.
import assert from 'node:assert/strict'
import { findPartnershipBySlug } from '../../src/data/repositories/partnership-repository.js'
import { findUserByEmail } from '../../src/data/repositories/user-repository.js'
import {
  describeOnEachDatabase,
  itOnLeg,
  type Browser,
  type Harness,
} from './support/app-harness.js'
import { errorSummaryOf, headingOf, textOf } from './support/html.js'
import { ACCOUNTS, actorFor } from './support/route-walk.js'
import {
  COORDINATOR,
  ESCAPED_SCRIPT,
  addListedAgencies,
  PRACTITIONER,
  REVIEWER,
  SCRIPT,
  auditActions,
  countOf,
  createLegacyScr,
  dateFields,
  dbOf,
  errorsOf,
  signedIn,
} from './support/review-helpers.js'

const CLEAN_CSV = [
  'agency,date,time,event,source',
  'GP surgery,2017-03-02,09:30,"Seen with a cough, no concerns",GP records',
  'Police,01/03/2017,22:40,Called to the address after a neighbour’s report,CAD 1234',
  'School,2017-03-02,,Absent without explanation,Attendance register',
  'Police,2017-03-02,08:15,"Follow-up visit; mother said ""all fine""",',
].join('\r\n')

const BAD_CSV = [
  'agency,date,time,event',
  'GP surgery,2017-03-02,09:30,Fine row',
  ',2023-02-30,25:00,',
  'Police,2017-03-01,,"A value, with a comma",extra',
  `School,2099-01-01,,${SCRIPT}`,
].join('\n')

/** The rows of the timeline table: date, time, agency, event. */
function timelineRows(html: string): string[] {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
      .slice(0, 4)
      .map((cell) => textOf(cell[1] ?? ''))
      .join(' | '),
  )
}

describeOnEachDatabase('Integrated chronology', (h) => {
  let coordinator: Browser
  let reviewId = ''

  async function setUp(harness: Harness) {
    coordinator = await signedIn(harness.app, COORDINATOR)
    const wandsworth = await findPartnershipBySlug(dbOf(harness), 'wandsworth')
    assert.ok(wandsworth)
    reviewId = await createLegacyScr(coordinator, wandsworth.id)
    // Entries name agencies on the partnership's list (issue 8): the ones these tests use.
    await addListedAgencies(harness, wandsworth.id, [
      'GP',
      'GP surgery',
      'Police',
      'School',
      'Health visitor',
      'Housing',
    ])
  }

  itOnLeg('the import page documents the CSV columns; an empty review has no entries', async () => {
    const harness = h()
    await setUp(harness)
    const page = await coordinator.get(`/manage/reviews/${reviewId}/chronology/import`)
    assert.equal(page.statusCode, 200)
    assert.equal(headingOf(page.body), 'Import a chronology from CSV')
    const text = textOf(page.body)
    for (const column of ['agency Yes', 'date Yes', 'time No', 'event Yes', 'source No']) {
      assert.ok(text.includes(column), column)
    }
    assert.match(text, /At most 5000 entries and 1 MB at a time/)
    const timeline = await coordinator.get(`/manage/reviews/${reviewId}/chronology`)
    assert.equal(timeline.statusCode, 200)
    assert.match(textOf(timeline.body), /No chronology entries yet/)
  })

  itOnLeg('a CSV with bad rows lists each with its line number and imports nothing', async () => {
    const harness = h()
    const response = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/import`, {
      csv: BAD_CSV,
    })
    assert.equal(response.statusCode, 400)
    assert.deepEqual(errorsOf(response), [
      'Line 3: Enter the agency; Date must be a real date (“2023-02-30”). Write dates as YYYY-MM-DD (2023-01-31) or DD/MM/YYYY (31/01/2023); Time must be a real 24-hour time, like 09:30 or 17:05 (“25:00”); Enter what happened',
      'Line 4: has 5 values but the header has 4 columns. A value containing a comma must be in double quotes',
      'Line 5: Date must be today or in the past (“2099-01-01”)',
    ])
    assert.match(textOf(response.body), /Nothing was imported/)
    assert.equal(errorSummaryOf(response.body)?.items[0]?.href, '#csv')
    // The pasted text comes back for fixing, escaped.
    assert.ok(response.body.includes(ESCAPED_SCRIPT))
    assert.ok(!response.body.includes(SCRIPT))
    assert.equal(await countOf(harness, 'chronology_entry', reviewId), 0)
    assert.ok(!(await auditActions(harness, reviewId)).includes('chronology.csv-imported'))
  })

  itOnLeg(
    'refuses an empty paste, an unknown header and more than 1 MB, without a 413',
    async () => {
      const harness = h()
      const empty = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/import`, {
        csv: '',
      })
      assert.equal(empty.statusCode, 400)
      assert.deepEqual(errorsOf(empty), [
        'The CSV is empty: paste the header row and then the entries',
      ])
      const header = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/import`, {
        csv: 'who,when,what\nGP,2017-01-01,x',
      })
      assert.equal(header.statusCode, 400)
      assert.match(errorsOf(header)[0] ?? '', /^Line 1: “who” is not a column this import knows/)
      const big = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/import`, {
        csv: `agency,date,event\n${'GP,2017-01-01,a long event\n'.repeat(40_000)}`,
      })
      assert.equal(big.statusCode, 400)
      assert.deepEqual(errorsOf(big), [
        'The CSV is larger than 1 MB: split it into smaller files and import each one',
      ])
      assert.equal(await countOf(harness, 'chronology_entry', reviewId), 0)
    },
  )

  itOnLeg(
    'a clean CSV is imported whole and merged into one timeline by date and time',
    async () => {
      const harness = h()
      const response = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/import`, {
        csv: CLEAN_CSV,
      })
      assert.equal(response.statusCode, 303, response.body.slice(0, 2000))
      assert.equal(response.headers.location, `/manage/reviews/${reviewId}/chronology`)
      assert.equal(await countOf(harness, 'chronology_entry', reviewId), 4)

      const timeline = await coordinator.get(`/manage/reviews/${reviewId}/chronology`)
      assert.deepEqual(timelineRows(timeline.body), [
        '1 March 2017 | 10:40pm | Police | Called to the address after a neighbour’s report',
        '2 March 2017 |  | School | Absent without explanation',
        '2 March 2017 | 8:15am | Police | Follow-up visit; mother said "all fine"',
        '2 March 2017 | 9:30am | GP surgery | Seen with a cough, no concerns',
      ])
      const audit = await dbOf(harness)
        .selectFrom('audit_event')
        .select(['summary'])
        .where('action', '=', 'chronology.csv-imported')
        .where('record_id', '=', reviewId)
        .executeTakeFirstOrThrow()
      assert.deepEqual(JSON.parse(audit.summary), {
        after: { entries: 4, duplicatesSkipped: 0, agencies: ['GP surgery', 'Police', 'School'] },
      })
      // The review summary counts the entries.
      assert.match(textOf((await coordinator.get(`/manage/reviews/${reviewId}`)).body), /4 entries/)
    },
  )

  itOnLeg(
    'filters the timeline by agency with a GET form that works without JavaScript',
    async () => {
      const page = await coordinator.get(`/manage/reviews/${reviewId}/chronology`)
      assert.match(page.body, /<form method="get" action="\/manage\/reviews\/[^"]+\/chronology"/)
      const police = await coordinator.get(`/manage/reviews/${reviewId}/chronology?agency=Police`)
      assert.equal(police.statusCode, 200)
      assert.deepEqual(
        timelineRows(police.body).map((row) => row.split(' | ')[2]),
        ['Police', 'Police'],
      )
      assert.match(textOf(police.body), /Showing 2 of 4 entries/)
      assert.match(police.body, /value="Police" checked/)
      const two = await coordinator.get(
        `/manage/reviews/${reviewId}/chronology?agency=School&agency=${encodeURIComponent('GP surgery')}`,
      )
      assert.deepEqual(
        timelineRows(two.body).map((row) => row.split(' | ')[2]),
        ['School', 'GP surgery'],
      )
      // An agency with no entries (or nonsense) filters nothing out.
      const unknown = await coordinator.get(
        `/manage/reviews/${reviewId}/chronology?agency=${encodeURIComponent(SCRIPT)}`,
      )
      assert.equal(timelineRows(unknown.body).length, 4)
      assert.ok(!unknown.body.includes(SCRIPT))
    },
  )

  itOnLeg('adds an entry by form; bad input gets clear errors and stores nothing', async () => {
    const harness = h()
    const url = `/manage/reviews/${reviewId}/chronology/new`
    const empty = await coordinator.submit(url, {})
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(errorsOf(empty), [
      'Select the agency',
      'Enter the date',
      'Enter what happened',
    ])
    assert.equal(errorSummaryOf(empty.body)?.items[1]?.href, '#occurredOn-day')

    const bad = await coordinator.submit(url, {
      agency: 'A'.repeat(121),
      ...dateFields('occurredOn', '2023-02-30'),
      time: 'noon',
      event: SCRIPT,
      source: 'S'.repeat(201),
    })
    assert.equal(bad.statusCode, 400)
    assert.deepEqual(errorsOf(bad), [
      'Select an agency from the list. An administrator adds agencies in Settings, under Agencies',
      'Date must be a real date',
      'Time must be a real 24-hour time, like 09:30 or 17:05',
      'Source must be 200 characters or fewer',
    ])
    assert.ok(bad.body.includes(ESCAPED_SCRIPT))
    assert.ok(!bad.body.includes(SCRIPT))
    const wrongType = await coordinator.submit(url, {
      agency: 'GP surgery',
      'occurredOn-day': 'first',
      'occurredOn-month': 'March',
      'occurredOn-year': '17',
      event: 'x',
    })
    assert.deepEqual(errorsOf(wrongType), ['Date must be a real date'])
    assert.equal(await countOf(harness, 'chronology_entry', reviewId), 4)

    const added = await coordinator.submit(url, {
      agency: 'Health visitor',
      ...dateFields('occurredOn', '2017-03-01'),
      time: '7:05',
      event: `Home visit. ${SCRIPT}`,
      source: '',
    })
    assert.equal(added.statusCode, 303)
    const timeline = await coordinator.get(`/manage/reviews/${reviewId}/chronology`)
    assert.equal(
      timelineRows(timeline.body)[0],
      `1 March 2017 | 7:05am | Health visitor | Home visit. ${SCRIPT}`,
    )
    assert.ok(timeline.body.includes(ESCAPED_SCRIPT))
    assert.ok(!timeline.body.includes(SCRIPT))
    const actions = await auditActions(harness, reviewId)
    assert.ok(actions.includes('chronology.entry-added'))
    // The audit keeps where and when, never the event text.
    const summaries = await dbOf(harness)
      .selectFrom('audit_event')
      .select('summary')
      .where('record_id', '=', reviewId)
      .execute()
    assert.ok(summaries.every((row) => !row.summary.includes('Home visit')))
  })

  itOnLeg(
    'only named reviewers and the business unit add entries; practitioners get 403',
    async () => {
      const harness = h()
      const reviewer = await signedIn(harness.app, REVIEWER)
      assert.equal((await reviewer.get(`/manage/reviews/${reviewId}/chronology`)).statusCode, 404)
      const reviewerUser = await findUserByEmail(dbOf(harness), REVIEWER)
      assert.ok(reviewerUser)
      const named = await coordinator.submit(`/manage/reviews/${reviewId}/reviewers/new`, {
        name: 'Demo Reviewer',
        role: 'lead-reviewer',
        organisation: '',
        userId: reviewerUser.id,
      })
      assert.equal(named.statusCode, 303)
      const imported = await reviewer.submit(`/manage/reviews/${reviewId}/chronology/import`, {
        csv: 'agency,date,event\nSchool,2017-02-01,Term report',
      })
      assert.equal(imported.statusCode, 303)
      assert.equal(await countOf(harness, 'chronology_entry', reviewId), 6)

      const practitioner = await signedIn(harness.app, PRACTITIONER)
      assert.equal(
        (await practitioner.get(`/manage/reviews/${reviewId}/chronology`)).statusCode,
        403,
      )
      assert.equal(
        (await practitioner.get(`/manage/reviews/${reviewId}/chronology/import`)).statusCode,
        403,
      )
    },
  )

  itOnLeg(
    'issue 8: the same CSV twice does not double the chronology; a semicolon file is read; a date not understood names the formats',
    async () => {
      const harness = h()
      const before = await countOf(harness, 'chronology_entry', reviewId)
      const url = `/manage/reviews/${reviewId}/chronology/import`
      // Every row already there: refused, saying so; nothing stored.
      const again = await coordinator.submit(url, { csv: CLEAN_CSV })
      assert.equal(again.statusCode, 400)
      assert.deepEqual(errorsOf(again), [
        'Every entry in this file is already in the chronology (4 entries with the same agency, date and event): it looks like it was imported before. Nothing was imported',
      ])
      assert.equal(await countOf(harness, 'chronology_entry', reviewId), before)

      // Some new, some already there (spacing and case aside), semicolon-separated.
      const semicolons = [
        'agency;date;time;event;source',
        'GP  surgery;02/03/2017;09:30;seen with a cough, no concerns;GP records',
        'Police;2017-03-01;22:40;Called to the address after a neighbour’s report;CAD 1234',
        'Housing;2017-03-03;;Repairs visit, door replaced;Housing file',
        'Housing;2017-03-04;;Tenancy review;Housing file',
      ].join('\n')
      const partly = await coordinator.submit(url, { csv: semicolons })
      assert.equal(partly.statusCode, 303, partly.body.slice(0, 1500))
      assert.equal(await countOf(harness, 'chronology_entry', reviewId), before + 2)
      const banner = await coordinator.get(`/manage/reviews/${reviewId}/chronology`)
      assert.match(textOf(banner.body), /2 entries imported, 2 duplicates skipped/)
      assert.ok(
        timelineRows(banner.body).includes(
          '3 March 2017 |  | Housing | Repairs visit, door replaced',
        ),
        'the comma inside a semicolon-separated value is kept',
      )

      const badDate = await coordinator.submit(url, {
        csv: 'agency,date,event\nSchool,March 3rd 2017,Term report',
      })
      assert.equal(badDate.statusCode, 400)
      assert.deepEqual(errorsOf(badDate), [
        'Line 2: Date must be a real date (“March 3rd 2017”). Write dates as YYYY-MM-DD (2023-01-31) or DD/MM/YYYY (31/01/2023)',
      ])
    },
  )

  itOnLeg(
    'issue 8: an entry is corrected (versioned, audited) or marked entered in error with a reason (kept, off the chronology)',
    async () => {
      const harness = h()
      const housing = await dbOf(harness)
        .selectFrom('chronology_entry')
        .select(['id', 'version'])
        .where('review_id', '=', reviewId)
        .where('event', '=', 'Tenancy review')
        .executeTakeFirstOrThrow()
      const url = `/manage/reviews/${reviewId}/chronology/${housing.id}`
      const form = await coordinator.get(url)
      assert.equal(form.statusCode, 200)
      assert.match(form.body, />Tenancy review</)
      const corrected = await coordinator.submit(url, {
        version: String(housing.version),
        agency: 'Housing',
        ...dateFields('occurredOn', '2017-03-05'),
        time: '',
        event: 'Tenancy review with the landlord',
        source: 'Housing file',
      })
      assert.equal(corrected.statusCode, 303)
      const timeline = await coordinator.get(`/manage/reviews/${reviewId}/chronology`)
      assert.match(textOf(timeline.body), /Chronology entry changed/)
      assert.ok(
        timelineRows(timeline.body).includes(
          '5 March 2017 |  | Housing | Tenancy review with the landlord',
        ),
      )
      // The form read before the change is now stale: refused as changed by someone else.
      const stale = await coordinator.submit(url, {
        version: String(housing.version),
        agency: 'Housing',
        ...dateFields('occurredOn', '2017-03-06'),
        event: 'Stale',
      })
      assert.equal(stale.statusCode, 409)

      const withdraw = `${url}/entered-in-error`
      const page = await coordinator.get(withdraw)
      assert.equal(page.statusCode, 200)
      const noReason = await coordinator.submit(withdraw, {
        version: String(housing.version + 1),
        reason: '',
      })
      assert.equal(noReason.statusCode, 400)
      assert.deepEqual(errorsOf(noReason), ['Enter why this was entered in error'])
      const count = await countOf(harness, 'chronology_entry', reviewId)
      const withdrawn = await coordinator.submit(withdraw, {
        version: String(housing.version + 1),
        reason: 'Belongs to another family',
      })
      assert.equal(withdrawn.statusCode, 303)
      const after = await coordinator.get(`/manage/reviews/${reviewId}/chronology`)
      assert.ok(
        !textOf(after.body).includes('Tenancy review with the landlord'),
        'off the chronology',
      )
      assert.equal(await countOf(harness, 'chronology_entry', reviewId), count, 'kept, not deleted')
      const kept = await dbOf(harness)
        .selectFrom('chronology_entry')
        .select(['entered_in_error_reason', 'entered_in_error_at'])
        .where('id', '=', housing.id)
        .executeTakeFirstOrThrow()
      assert.equal(kept.entered_in_error_reason, 'Belongs to another family')
      const actions = await auditActions(harness, reviewId)
      assert.ok(actions.includes('chronology.entry-corrected'))
      assert.ok(actions.includes('chronology.entry-entered-in-error'))
      // Gone from the chronology: its pages are not found.
      assert.equal((await coordinator.get(url)).statusCode, 404)
    },
  )

  itOnLeg(
    'entries name agencies from the partnership’s list: the form offers the list, an import naming another agency is refused by line, and a retired agency is no longer offered',
    async () => {
      const harness = h()
      const administrator = await actorFor(harness, ACCOUNTS.administrator)
      const wandsworthId = administrator.memberships[0]?.partnershipId ?? ''
      const retired = await harness.services.agencies.add(administrator, wandsworthId, {
        name: 'Youth club',
        kind: 'other',
      })
      await harness.services.agencies.setRetired(administrator, retired.id, retired.version, {
        reason: 'Closed in 2016',
      })
      const form = await coordinator.get(`/manage/reviews/${reviewId}/chronology/new`)
      const options = [...form.body.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])
      assert.ok(options.includes('Health visitor'), 'the list is offered')
      assert.ok(
        options.includes('Metropolitan Police Service, South West basic command unit'),
        'the demo partnership’s own agencies are offered',
      )
      assert.ok(!options.includes('Youth club'), 'a retired agency is not offered')

      const count = await countOf(harness, 'chronology_entry', reviewId)
      const unlisted = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/import`, {
        csv: [
          'agency,date,event',
          'gp SURGERY,2016-05-01,Registered with the practice',
          'Youth club,2016-05-02,Attended a session',
          'Nursery,2016-05-03,Started nursery',
          'Nursery,2016-05-04,Absent',
        ].join('\n'),
      })
      assert.equal(unlisted.statusCode, 400)
      assert.deepEqual(errorsOf(unlisted), [
        'Line 3: “Youth club” is not on the list of agencies for this review. Use the agency’s name as it is on the list, or ask an administrator to add it in Settings, under Agencies',
        'Line 4 (and 1 more rows): “Nursery” is not on the list of agencies for this review. Use the agency’s name as it is on the list, or ask an administrator to add it in Settings, under Agencies',
      ])
      assert.equal(await countOf(harness, 'chronology_entry', reviewId), count, 'nothing imported')

      // A listed agency however it is capitalised: stored as the list spells it, linked to it.
      const listed = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/import`, {
        csv: 'agency,date,event\ngp SURGERY,2016-05-01,Registered with the practice',
      })
      assert.equal(listed.statusCode, 303)
      const row = await dbOf(harness)
        .selectFrom('chronology_entry')
        .innerJoin('agency', 'agency.id', 'chronology_entry.agency_id')
        .select(['chronology_entry.agency', 'agency.name'])
        .where('chronology_entry.review_id', '=', reviewId)
        .where('chronology_entry.event', '=', 'Registered with the practice')
        .executeTakeFirstOrThrow()
      assert.deepEqual(row, { agency: 'GP surgery', name: 'GP surgery' })

      // The form refuses a name that is not on the list, even one typed by hand.
      const typed = await coordinator.submit(`/manage/reviews/${reviewId}/chronology/new`, {
        agency: 'Youth club',
        ...dateFields('occurredOn', '2016-05-02'),
        event: 'Attended a session',
      })
      assert.equal(typed.statusCode, 400)
      assert.deepEqual(errorsOf(typed), [
        'Select an agency from the list. An administrator adds agencies in Settings, under Agencies',
      ])
    },
  )
})
