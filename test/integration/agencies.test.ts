// Issue 8: the partnership's list of agencies, kept by its administrators at
// /manage/settings/agencies — add, change, retire with a reason and bring back;
// versioned, audited, never deleted; another partnership's agencies are out of
// reach; bad input re-renders with GOV.UK errors and saves nothing.
import assert from 'node:assert/strict'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { errorSummaryOf, headingOf, textOf } from './support/html.js'
import { ADMINISTRATOR, COORDINATOR, signedIn } from './support/incident-helpers.js'
import { dbOf } from './support/records.js'
import { ACCOUNTS, actorFor } from './support/route-walk.js'

const LIST = '/manage/settings/agencies'

async function agencyRow(harness: Harness, name: string) {
  return dbOf(harness)
    .selectFrom('agency')
    .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
    .select([
      'agency.id',
      'agency.kind',
      'agency.version',
      'agency.retired_on',
      'agency.retired_reason',
      'partnership.slug',
    ])
    .where('agency.name', '=', name)
    .executeTakeFirst()
}

/** The agencies a rapid review's information request may be sent to. */
async function offeredForRequests(harness: Harness): Promise<string[]> {
  const rapidReview = await dbOf(harness)
    .selectFrom('rapid_review')
    .select('id')
    .executeTakeFirstOrThrow()
  const coordinator = await actorFor(harness, ACCOUNTS.coordinator)
  return (await harness.services.rapidReviews.agencies(coordinator, rapidReview.id)).map(
    (agency) => agency.name,
  )
}

async function auditActions(harness: Harness, recordId: string): Promise<string[]> {
  const rows = await dbOf(harness)
    .selectFrom('audit_event')
    .select('action')
    .where('record_id', '=', recordId)
    .orderBy('sequence')
    .execute()
  return rows.map((row) => row.action)
}

describeOnEachDatabase('The partnership’s list of agencies', (h) => {
  itOnLeg(
    'an administrator adds an agency, changes it, retires it with a reason and brings it back, each audited',
    async () => {
      const harness = h()
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      const settings = await administrator.get('/manage/settings')
      assert.match(settings.body, /href="\/manage\/settings\/agencies"/)
      const list = await administrator.get(LIST)
      assert.equal(list.statusCode, 200)
      assert.equal(headingOf(list.body), 'Agencies')
      assert.match(
        textOf(list.body),
        /Metropolitan Police Service, South West basic command unit Police/,
      )

      const form = await administrator.get(`${LIST}/new`)
      assert.equal(form.statusCode, 200)
      const partnership = /name="partnership" value="([^"]+)"/.exec(form.body)?.[1]
      assert.ok(partnership, 'the administrator’s one partnership is chosen for them')
      const added = await administrator.submit(`${LIST}/new`, {
        partnership,
        name: '  Tooting   GP practice ',
        kind: 'health',
      })
      assert.equal(added.statusCode, 303, textOf(added.body).slice(0, 400))
      const row = await agencyRow(harness, 'Tooting GP practice')
      assert.ok(row)
      assert.equal(row.slug, 'wandsworth')
      assert.equal(row.kind, 'health')
      assert.ok((await offeredForRequests(harness)).includes('Tooting GP practice'))
      assert.match(
        textOf((await administrator.get(LIST)).body),
        /Tooting GP practice Health \(GP practices/,
      )

      const changePage = await administrator.get(`${LIST}/${row.id}/change`)
      assert.equal(headingOf(changePage.body), 'Change Tooting GP practice')
      const changed = await administrator.submit(`${LIST}/${row.id}/change`, {
        version: String(row.version),
        name: 'Tooting Broadway GP practice',
        kind: 'health',
      })
      assert.equal(changed.statusCode, 303)
      const renamed = await agencyRow(harness, 'Tooting Broadway GP practice')
      assert.equal(renamed?.id, row.id)
      assert.equal(renamed?.version, row.version + 1)

      // A second tab with the old version: refused, nothing overwritten.
      const stale = await administrator.submit(`${LIST}/${row.id}/change`, {
        version: String(row.version),
        name: 'Overwritten name',
        kind: 'other',
      })
      assert.equal(stale.statusCode, 409)
      assert.match(textOf(stale.body), /changed by someone else/)
      assert.equal(await agencyRow(harness, 'Overwritten name'), undefined)

      const retirePage = await administrator.get(`${LIST}/${row.id}/retire`)
      assert.equal(headingOf(retirePage.body), 'Retire Tooting Broadway GP practice')
      const noReason = await administrator.submit(`${LIST}/${row.id}/retire`, {
        version: String(renamed.version),
        reason: '   ',
      })
      assert.equal(noReason.statusCode, 400)
      assert.deepEqual(errorSummaryOf(noReason.body)?.items, [
        { text: 'Enter why the agency is retired', href: '#reason' },
      ])
      const retired = await administrator.submit(`${LIST}/${row.id}/retire`, {
        version: String(renamed.version),
        reason: 'Merged with the Balham practice',
      })
      assert.equal(retired.statusCode, 303)
      // No longer offered for new records; still there for old ones.
      assert.ok(!(await offeredForRequests(harness)).includes('Tooting Broadway GP practice'))
      const afterRetiring = await agencyRow(harness, 'Tooting Broadway GP practice')
      assert.equal(afterRetiring?.retired_on, harness.services.calendar.today())
      assert.equal(afterRetiring?.retired_reason, 'Merged with the Balham practice')
      assert.match(
        textOf((await administrator.get(LIST)).body),
        /Tooting Broadway GP practice Retired Retired .* Merged with the Balham practice/,
      )

      const restored = await administrator.submit(`${LIST}/${row.id}/restore`, {
        version: String(afterRetiring.version),
      })
      assert.equal(restored.statusCode, 303)
      assert.equal((await agencyRow(harness, 'Tooting Broadway GP practice'))?.retired_on, null)
      assert.ok((await offeredForRequests(harness)).includes('Tooting Broadway GP practice'))
      assert.deepEqual(await auditActions(harness, row.id), [
        'agency.added',
        'agency.changed',
        'agency.retired',
        'agency.restored',
      ])
      assert.equal((await harness.services.verifyAuditTrail()).ok, true)
    },
  )

  itOnLeg(
    'bad input is refused with GOV.UK errors and saves nothing; a name already listed is refused however it is typed',
    async () => {
      const harness = h()
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      const form = await administrator.get(`${LIST}/new`)
      const partnership = /name="partnership" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
      const before = await dbOf(harness)
        .selectFrom('agency')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
      const empty = await administrator.submit(`${LIST}/new`, { partnership, name: '', kind: '' })
      assert.equal(empty.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(empty.body)?.items.map((item) => item.href),
        ['#name', '#kind'],
      )
      const duplicate = await administrator.submit(`${LIST}/new`, {
        partnership,
        name: 'metropolitan police service,  south west basic command unit',
        kind: 'police',
      })
      assert.equal(duplicate.statusCode, 400)
      assert.match(textOf(duplicate.body), /already has an agency called/)
      // The typed value is kept, escaped.
      const script = await administrator.submit(`${LIST}/new`, {
        partnership,
        name: '<script>alert(1)</script>',
        kind: 'bakery',
      })
      assert.equal(script.statusCode, 400)
      assert.doesNotMatch(script.body, /<script>alert/)
      assert.match(script.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
      const otherPartnership = await dbOf(harness)
        .selectFrom('partnership')
        .select('id')
        .where('slug', '=', 'southwark')
        .executeTakeFirstOrThrow()
      const elsewhere = await administrator.submit(`${LIST}/new`, {
        partnership: otherPartnership.id,
        name: 'Southwark agency by the wrong administrator',
        kind: 'other',
      })
      assert.equal(elsewhere.statusCode, 400)
      assert.match(textOf(elsewhere.body), /Select a partnership whose agencies you keep/)
      const after = await dbOf(harness)
        .selectFrom('agency')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
      assert.equal(Number(after.count), Number(before.count))
    },
  )

  itOnLeg(
    'another partnership’s agency is not found, and other roles may not open the list',
    async () => {
      const harness = h()
      const southwarkAgency = await dbOf(harness)
        .selectFrom('agency')
        .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
        .select('agency.id')
        .where('partnership.slug', '=', 'southwark')
        .executeTakeFirstOrThrow()
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      for (const page of ['change', 'retire', 'restore']) {
        const response = await administrator.get(`${LIST}/${southwarkAgency.id}/${page}`)
        assert.equal(response.statusCode, 404, page)
      }
      assert.doesNotMatch(
        textOf((await administrator.get(LIST)).body),
        /Southwark Council Children’s Services/,
      )
      const coordinator = await signedIn(harness.app, COORDINATOR)
      assert.equal((await coordinator.get(LIST)).statusCode, 403)
    },
  )
})
