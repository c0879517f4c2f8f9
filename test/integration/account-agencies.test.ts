// Which agency an account acts for (issue 8): an administrator sets it from the
// users page, so an account made before agencies were a list (a partner's
// delegate with none cannot sign off, S8) can be put right. Audited; other
// partnerships' accounts are not found; a made-up agency is refused.
import assert from 'node:assert/strict'
import { COMMAND_LINE } from '../../src/services/context.js'
import { WANDSWORTH_CHILDRENS_SERVICES } from '../../src/services/demo-data/seed-content.js'
import { Browser, describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { errorsOf, signedIn } from './support/review-helpers.js'
import { ACCOUNTS, actorFor } from './support/route-walk.js'
import { textOf } from './support/html.js'

const LEGACY_PARTNER = 'legacy-partner@wandsworth.example'
const PASSWORD = 'legacy-partner-password-long-enough'

async function legacyPartner(harness: Harness): Promise<string> {
  // Made as before issue 8: a statutory partner's delegate with no agency.
  await harness.services.users.createUser(
    {
      email: LEGACY_PARTNER,
      displayName: 'Legacy Partner',
      partnershipSlug: 'wandsworth',
      role: 'partner',
      password: PASSWORD,
      agencyName: WANDSWORTH_CHILDRENS_SERVICES,
    },
    COMMAND_LINE,
  )
  const row = await harness.runtime.database.db
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', LEGACY_PARTNER)
    .executeTakeFirstOrThrow()
  // Accounts made before issue 8 named no agency: as they were.
  await harness.runtime.database.db
    .updateTable('membership')
    .set({ agency_id: null })
    .where('user_id', '=', row.id)
    .execute()
  return row.id
}

describeOnEachDatabase('The agency an account acts for (issue 8)', (h) => {
  itOnLeg(
    'an administrator sets a delegate’s agency, which decides the partner it signs for; audited',
    async () => {
      const harness = h()
      const userId = await legacyPartner(harness)
      const administrator = await signedIn(harness.app, ACCOUNTS.administrator)
      const users = await administrator.get('/manage/users')
      assert.ok(users.body.includes(`href="/manage/users/${userId}/agency"`), 'a Change link')
      const url = `/manage/users/${userId}/agency`
      const page = await administrator.get(url)
      assert.equal(page.statusCode, 200)
      assert.match(textOf(page.body), /Agency of Legacy Partner/)
      const police = await harness.runtime.database.db
        .selectFrom('agency')
        .innerJoin('partnership', 'partnership.id', 'agency.partnership_id')
        .select(['agency.id', 'agency.name'])
        .where('partnership.slug', '=', 'wandsworth')
        .where('agency.kind', '=', 'police')
        .executeTakeFirstOrThrow()
      assert.ok(page.body.includes(`value="${police.id}"`), 'the partnership’s agencies offered')

      // Before: no agency, so no partner to sign for.
      const before = await actorFor(harness, LEGACY_PARTNER)
      assert.deepEqual(
        before.memberships.map((membership) => membership.agencyId),
        [null],
      )

      const partnershipId = before.memberships[0]?.partnershipId ?? ''
      const madeUp = await administrator.submit(url, {
        partnershipId,
        agencyId: '00000000-0000-4000-8000-000000000000',
      })
      assert.equal(madeUp.statusCode, 400)
      assert.deepEqual(errorsOf(madeUp), ['Select one of the partnership’s agencies, or none'])

      const saved = await administrator.submit(url, { partnershipId, agencyId: police.id })
      assert.equal(saved.statusCode, 303)
      const after = await actorFor(harness, LEGACY_PARTNER)
      assert.deepEqual(
        after.memberships.map((membership) => membership.agencyId),
        [police.id],
      )
      const list = await administrator.get('/manage/users')
      assert.match(textOf(list.body), /Legacy Partner’s agency saved/)
      assert.ok(textOf(list.body).includes(police.name))
      const audit = await harness.runtime.database.db
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('record_id', '=', userId)
        .where('action', '=', 'membership.agency-changed')
        .execute()
      assert.equal(audit.length, 1)
      assert.match(String(audit[0]?.summary), new RegExp(police.id))

      // A delegate with no agency, or a school, would sign for nobody (S8): refused.
      const school = await harness.runtime.database.db
        .selectFrom('agency')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('kind', '=', 'education')
        .executeTakeFirstOrThrow()
      for (const agencyId of ['', school.id]) {
        const refused = await administrator.submit(url, { partnershipId, agencyId })
        assert.equal(refused.statusCode, 400)
        assert.match(errorsOf(refused)[0] ?? '', /must act for the local authority’s/)
      }
      const still = await actorFor(harness, LEGACY_PARTNER)
      assert.deepEqual(
        still.memberships.map((membership) => membership.agencyId),
        [police.id],
      )
    },
  )

  itOnLeg('another partnership’s administrator finds no such account', async () => {
    const harness = h()
    const row = await harness.runtime.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', ACCOUNTS.partner)
      .executeTakeFirstOrThrow()
    await harness.services.users.createUser(
      {
        email: 'administrator@southwark.example',
        displayName: 'Southwark Administrator',
        partnershipSlug: 'southwark',
        role: 'administrator',
        password: PASSWORD,
      },
      COMMAND_LINE,
    )
    const other = new Browser(harness.app)
    assert.equal((await other.signIn('administrator@southwark.example', PASSWORD)).statusCode, 303)
    assert.equal((await other.get(`/manage/users/${row.id}/agency`)).statusCode, 404)
    const posted = await other.submit(`/manage/users/${row.id}/agency`, {
      partnershipId: 'x',
      agencyId: '',
    })
    assert.equal(posted.statusCode, 404)
  })
})
