// Issue 11, themes: the taxonomy administrators keep at /manage/settings/themes
// (shipped with the starting set, whose slugs never change; new themes added,
// names and descriptions edited, each audited and versioned), and the themes
// API: GET /api/v1/themes and POST /api/v1/theme-suggestions.
import assert from 'node:assert/strict'
import { SHIPPED_THEMES } from '../../src/domain/learning/themes.js'
import { SUGGESTION_TEXT_MAX } from '../../src/domain/learning/theme-suggester.js'
import { describeOnEachDatabase, itOnLeg, type Harness } from './support/app-harness.js'
import { errorSummaryOf, headingOf, textOf } from './support/html.js'
import {
  ADMINISTRATOR,
  COORDINATOR,
  ESCAPED_SCRIPT,
  PARTNER,
  PRACTITIONER,
  SCRIPT,
  api,
  apiToken,
  signedIn,
} from './support/incident-helpers.js'
import { dbOf } from './support/records.js'
import { actorFor, ACCOUNTS } from './support/route-walk.js'

const LIST = '/manage/settings/themes'

async function themeRow(harness: Harness, slug: string) {
  return dbOf(harness)
    .selectFrom('theme')
    .select(['id', 'name', 'description', 'version', 'shipped'])
    .where('slug', '=', slug)
    .executeTakeFirst()
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

describeOnEachDatabase('Themes', (h) => {
  itOnLeg('the product ships with exactly the starting set of themes', async () => {
    const rows = await dbOf(h()).selectFrom('theme').select(['slug', 'shipped']).execute()
    assert.deepEqual(
      rows.map((row) => row.slug).sort(),
      SHIPPED_THEMES.map((theme) => theme.slug).sort(),
    )
    assert.equal(SHIPPED_THEMES.length, 26)
    assert.ok(rows.every((row) => row.shipped === 1))
  })

  itOnLeg('the demo data tags the published reviews and their learning', async () => {
    const rows = await dbOf(h())
      .selectFrom('theme_tag')
      .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
      .innerJoin('review', 'review.id', 'theme_tag.record_id')
      .select(['review.slug', 'theme.slug as theme'])
      .where('theme_tag.record_type', '=', 'review')
      .where('theme.slug', '=', 'professional-curiosity')
      .orderBy('review.slug')
      .execute()
    assert.deepEqual(
      rows.map((row) => row.slug),
      ['baby-eliza-scr', 'child-a-scr'],
    )
    const formula = await dbOf(h())
      .selectFrom('theme_tag')
      .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
      .innerJoin('recommendation', 'recommendation.id', 'theme_tag.record_id')
      .select('theme.slug')
      .where('recommendation.text', 'like', '%dilute formula%')
      .orderBy('theme.slug')
      .execute()
    assert.deepEqual(
      formula.map((row) => row.slug),
      ['health-services', 'neglect', 'pre-birth-and-infants'],
    )
  })

  itOnLeg(
    'an administrator adds a theme and changes one, each audited; slugs never change',
    async () => {
      const harness = h()
      const administrator = await signedIn(harness.app, ADMINISTRATOR)
      assert.match(
        (await administrator.get('/manage/settings')).body,
        /href="\/manage\/settings\/themes"/,
      )
      const list = await administrator.get(LIST)
      assert.equal(list.statusCode, 200)
      assert.equal(headingOf(list.body), 'Themes')
      assert.match(textOf(list.body), /Professional curiosity professional-curiosity/)

      const empty = await administrator.submit(`${LIST}/new`, {
        slug: '',
        name: '',
        description: '',
      })
      assert.equal(empty.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(empty.body)?.items.map((item) => item.href),
        ['#slug', '#name', '#description'],
      )
      const taken = await administrator.submit(`${LIST}/new`, {
        slug: 'neglect',
        name: 'Neglect again',
        description: 'A second neglect',
      })
      assert.equal(taken.statusCode, 400)
      assert.match(textOf(taken.body), /There is already a theme with this slug/)
      const badSlug = await administrator.submit(`${LIST}/new`, {
        slug: 'Private Fostering!',
        name: 'Private fostering',
        description: 'Children cared for by someone who is not a close relative.',
      })
      assert.equal(badSlug.statusCode, 400)
      assert.equal(await themeRow(harness, 'private-fostering'), undefined)

      const added = await administrator.submit(`${LIST}/new`, {
        slug: 'private-fostering',
        name: `Private fostering ${SCRIPT}`,
        description:
          'Children cared for by someone who is not a close relative for 28 days or more.',
      })
      assert.equal(added.statusCode, 303, textOf(added.body).slice(0, 300))
      const row = await themeRow(harness, 'private-fostering')
      assert.ok(row)
      assert.equal(row.shipped, 0)
      const afterAdding = await administrator.get(LIST)
      assert.ok(afterAdding.body.includes(ESCAPED_SCRIPT))
      assert.ok(!afterAdding.body.includes(SCRIPT))

      const neglect = await themeRow(harness, 'neglect')
      assert.ok(neglect)
      const changePage = await administrator.get(`${LIST}/neglect/change`)
      assert.equal(headingOf(changePage.body), 'Change Neglect')
      assert.doesNotMatch(changePage.body, /name="slug"/)
      const changed = await administrator.submit(`${LIST}/neglect/change`, {
        version: String(neglect.version),
        // A slug sent anyway is ignored: it is part of the API.
        slug: 'not-neglect',
        name: 'Neglect and cumulative harm',
        description: 'Persistent failure to meet a child’s basic needs.',
      })
      assert.equal(changed.statusCode, 303)
      const renamed = await themeRow(harness, 'neglect')
      assert.equal(renamed?.name, 'Neglect and cumulative harm')
      assert.equal(renamed?.version, neglect.version + 1)
      assert.equal(await themeRow(harness, 'not-neglect'), undefined)

      const stale = await administrator.submit(`${LIST}/neglect/change`, {
        version: String(neglect.version),
        name: 'Overwritten',
        description: 'Overwritten',
      })
      assert.equal(stale.statusCode, 409)
      assert.equal((await themeRow(harness, 'neglect'))?.name, 'Neglect and cumulative harm')

      const tooLong = await administrator.submit(`${LIST}/neglect/change`, {
        version: String(neglect.version + 1),
        name: '',
        description: 'x'.repeat(601),
      })
      assert.equal(tooLong.statusCode, 400)
      assert.deepEqual(
        errorSummaryOf(tooLong.body)?.items.map((item) => item.text),
        ['Enter a name', 'Description must be 600 characters or fewer'],
      )

      assert.deepEqual(await auditActions(harness, row.id), ['theme.added'])
      assert.deepEqual(await auditActions(harness, neglect.id), ['theme.changed'])
      assert.equal((await administrator.get(`${LIST}/no-such-theme/change`)).statusCode, 404)
    },
  )

  itOnLeg('GET /api/v1/themes lists every theme for any member of staff', async () => {
    const harness = h()
    const token = await apiToken(harness, PRACTITIONER)
    const response = await api(harness.app, token, 'GET', '/api/v1/themes')
    assert.equal(response.statusCode, 200)
    const body = JSON.parse(response.body) as {
      themes: { slug: string; name: string; description: string }[]
    }
    const slugs = new Set(body.themes.map((theme) => theme.slug))
    for (const theme of SHIPPED_THEMES) assert.ok(slugs.has(theme.slug), theme.slug)
    const curiosity = body.themes.find((theme) => theme.slug === 'professional-curiosity')
    assert.deepEqual(Object.keys(curiosity ?? {}), ['slug', 'name', 'description', 'retired'])
    assert.equal(curiosity?.name, 'Professional curiosity')
    assert.equal((await api(harness.app, null, 'GET', '/api/v1/themes')).statusCode, 401)
  })

  itOnLeg(
    'POST /api/v1/theme-suggestions suggests themes with reasons, and refuses missing or oversized text',
    async () => {
      const harness = h()
      const token = await apiToken(harness, PRACTITIONER)
      const before = await dbOf(harness).selectFrom('theme_tag').select('id').execute()
      const response = await api(harness.app, token, 'POST', '/api/v1/theme-suggestions', {
        text: "The mother's new partner was never checked, and the baby was co-sleeping with him after he had been drinking.",
      })
      assert.equal(response.statusCode, 200, response.body)
      const { suggestions } = JSON.parse(response.body) as {
        suggestions: { theme: string; reasons: string[] }[]
      }
      const byTheme = new Map(suggestions.map((s) => [s.theme, s.reasons]))
      assert.ok(byTheme.get('fathers-and-men')?.includes("mother's new partner"))
      assert.deepEqual(byTheme.get('safer-sleep'), ['co-sleeping'])
      assert.deepEqual(byTheme.get('parental-substance-misuse'), ['drinking'])
      // A suggestion is never a tag.
      assert.deepEqual(await dbOf(harness).selectFrom('theme_tag').select('id').execute(), before)

      for (const body of [
        {},
        { text: '' },
        { text: 42 },
        { text: 'x'.repeat(SUGGESTION_TEXT_MAX + 1) },
      ]) {
        const refused = await api(harness.app, token, 'POST', '/api/v1/theme-suggestions', body)
        assert.equal(refused.statusCode, 400, JSON.stringify(body).slice(0, 40))
        assert.equal(
          (JSON.parse(refused.body) as { errors: { field: string }[] }).errors[0]?.field,
          'text',
        )
      }
      const unauthorised = await api(harness.app, null, 'POST', '/api/v1/theme-suggestions', {
        text: 'county lines',
      })
      assert.equal(unauthorised.statusCode, 401)
    },
  )

  itOnLeg(
    'the review team accepts suggested themes for a learning point, removes one, and each change is audited',
    async () => {
      const harness = h()
      const review = await dbOf(harness)
        .selectFrom('review')
        .select('id')
        .where('slug', '=', 'demo-review-child-c')
        .executeTakeFirstOrThrow()
      const point = await harness.services.reviewFindings.add(
        await actorFor(harness, ACCOUNTS.coordinator),
        review.id,
        'learning-point',
        {
          text: "The baby was co-sleeping with the mother's new partner, who was never seen by the health visitor.",
        },
      )
      const pointId = point.id
      const path = `/manage/reviews/${review.id}/findings/learning-point/${pointId}/themes`
      const coordinator = await signedIn(harness.app, COORDINATOR)
      const reviewPage = await coordinator.get(`/manage/reviews/${review.id}`)
      assert.ok(reviewPage.body.includes(`href="${path}"`), 'the findings link to their themes')

      const page = await coordinator.get(path)
      assert.equal(page.statusCode, 200)
      const pageText = textOf(page.body)
      assert.match(pageText, /Safer sleep Because it says: “co-sleeping”/)
      assert.match(pageText, /Fathers and men Because it says: “mother's new partner”/)
      assert.match(pageText, /No themes yet/)
      // Suggestions are offered, not ticked: nothing is tagged until a person chooses.
      assert.doesNotMatch(page.body, /name="suggested" type="checkbox" value="[^"]+" checked/)
      const tagRows = () =>
        dbOf(harness)
          .selectFrom('theme_tag')
          .innerJoin('theme', 'theme.id', 'theme_tag.theme_id')
          .select(['theme.slug', 'theme_tag.tagged_by_name'])
          .where('record_id', '=', pointId)
          .orderBy('theme.slug')
          .execute()
      assert.deepEqual(await tagRows(), [])

      const nothing = await coordinator.submit(path, {})
      assert.equal(nothing.statusCode, 400)
      assert.deepEqual(errorSummaryOf(nothing.body)?.items, [
        { text: 'Select at least one theme to add', href: '#themes' },
      ])
      const unknown = await coordinator.submit(path, { other: 'no-such-theme' })
      assert.equal(unknown.statusCode, 400)

      // Accept two suggestions, reject the rest by not ticking them, add one by hand.
      const accepted = await coordinator.submit(path, { suggested: 'safer-sleep' })
      assert.equal(accepted.statusCode, 303)
      const acceptedMore = await coordinator.submit(path, {
        suggested: 'fathers-and-men',
        other: 'voice-of-the-child',
      })
      assert.equal(acceptedMore.statusCode, 303)
      const tagged = await tagRows()
      assert.deepEqual(
        tagged.map((row) => row.slug),
        ['fathers-and-men', 'safer-sleep', 'voice-of-the-child'],
      )
      assert.ok(tagged.every((row) => row.tagged_by_name.length > 0))
      const after = textOf((await coordinator.get(path)).body)
      assert.match(after, /Tagged with Fathers and men/)
      assert.doesNotMatch(after, /Safer sleep Because it says/)
      assert.match(
        textOf((await coordinator.get(`/manage/reviews/${review.id}`)).body),
        /Themes: Fathers and men Safer sleep Voice of the child/,
      )

      const removed = await coordinator.submit(`${path}/remove`, { theme: 'voice-of-the-child' })
      assert.equal(removed.statusCode, 303)
      assert.deepEqual(
        (await tagRows()).map((row) => row.slug),
        ['fathers-and-men', 'safer-sleep'],
      )
      const notThere = await coordinator.submit(`${path}/remove`, { theme: 'voice-of-the-child' })
      assert.equal(notThere.statusCode, 404)
      const audit = await dbOf(harness)
        .selectFrom('audit_event')
        .select('action')
        .where('record_id', '=', pointId)
        .where('action', 'like', 'theme-tag.%')
        .orderBy('sequence')
        .execute()
      assert.deepEqual(
        audit.map((row) => row.action),
        ['theme-tag.added', 'theme-tag.added', 'theme-tag.added', 'theme-tag.removed'],
      )

      // A partner reads the review but does not tag it.
      const partner = await signedIn(harness.app, PARTNER)
      assert.equal((await partner.get(path)).statusCode, 403)
      assert.equal((await partner.submit(path, { other: 'neglect' })).statusCode, 403)

      // The review itself is tagged the same way.
      const reviewThemes = await coordinator.submit(`/manage/reviews/${review.id}/themes`, {
        other: 'professional-curiosity',
      })
      assert.equal(reviewThemes.statusCode, 303)
      assert.match(
        textOf((await coordinator.get(`/manage/reviews/${review.id}`)).body),
        /Themes of the review: Professional curiosity/,
      )
    },
  )
})
