// Helpers for the review and chronology integration tests.
import assert from 'node:assert/strict'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Db } from '../../../src/data/db.js'
import { COMMAND_LINE } from '../../../src/services/context.js'
import { Browser, type Harness } from './app-harness.js'
import { errorSummaryOf } from './html.js'
import { ACCOUNTS, actorFor } from './route-walk.js'

export const COORDINATOR = 'coordinator@wandsworth.example'
export const REVIEWER = 'reviewer@wandsworth.example'
export const PARTNER = 'partner@wandsworth.example'
export const PRACTITIONER = 'practitioner@wandsworth.example'
export const SOUTHWARK_COORDINATOR = 'coordinator@southwark.example'
export const SCRIPT = '<script>alert(1)</script>'
export const ESCAPED_SCRIPT = '&lt;script&gt;alert(1)&lt;/script&gt;'

export function dbOf(harness: Harness): Db {
  return harness.runtime.database.db
}

export async function signedIn(app: FastifyInstance, email: string): Promise<Browser> {
  const browser = new Browser(app)
  const response = await browser.signIn(email)
  assert.equal(response.statusCode, 303, `${email} signs in`)
  return browser
}

export function apiToken(harness: Harness, email: string): Promise<string> {
  return harness.services.users.createApiToken(email, 'review tests', COMMAND_LINE)
}

/** The three fields of a GOV.UK date input for a YYYY-MM-DD date. */
export function dateFields(name: string, date: string): Record<string, string> {
  const [year = '', month = '', day = ''] = date.split('-')
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year }
}

export function idFromLocation(response: LightMyRequestResponse): string {
  assert.equal(response.statusCode, 303, response.body.slice(0, 2000))
  const match = /^\/manage\/reviews\/([0-9a-f-]{36})/.exec(String(response.headers.location))
  assert.ok(match?.[1], `redirected to a review: ${String(response.headers.location)}`)
  return match[1]
}

export function versionIn(html: string): string {
  const match = /name="version" value="(\d+)"/.exec(html)
  assert.ok(match?.[1], 'the form carries a version')
  return match[1]
}

/** The error summary's messages; fails if there is none. */
export function errorsOf(response: LightMyRequestResponse): string[] {
  const summary = errorSummaryOf(response.body)
  assert.ok(summary, `an error summary on the page (status ${response.statusCode})`)
  return summary.items.map((item) => item.text)
}

export async function countOf(
  harness: Harness,
  table: 'review' | 'review_reviewer' | 'review_checkpoint' | 'review_delay' | 'chronology_entry',
  reviewId?: string,
): Promise<number> {
  let query = dbOf(harness)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
  if (reviewId !== undefined) {
    query =
      table === 'review'
        ? query.where('id' as never, '=', reviewId as never)
        : query.where('review_id' as never, '=', reviewId as never)
  }
  const row = await query.executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function auditActions(harness: Harness, reviewId: string): Promise<string[]> {
  const rows = await dbOf(harness)
    .selectFrom('audit_event')
    .select(['action'])
    .where('record_type', '=', 'review')
    .where('record_id', '=', reviewId)
    .orderBy('sequence')
    .execute()
  return rows.map((row) => row.action)
}

/** A legacy SCR form (S18, S19) for the demo partnership, filled in completely. */
export function legacyScrForm(wandsworthId: string, overrides: Record<string, string> = {}) {
  return {
    kind: 'scr-2015',
    guidanceEdition: 'WT2015',
    leadPartnershipId: wandsworthId,
    childPseudonym: 'Child C',
    title: '',
    methodology: 'silp',
    methodologyOther: '',
    termsOfReference: '',
    ...dateFields('decisionOn', '2018-03-15'),
    reviewer1Name: '',
    reviewer1Role: '',
    reviewer1Organisation: '',
    reviewer1UserId: '',
    ...overrides,
  }
}

/** Creates a legacy SCR through the page and returns its id. */
/**
 * Adds agencies to a partnership's list as its administrator: chronology
 * entries must name listed agencies (issue 8), and tests use short names.
 */
export async function addListedAgencies(
  harness: Harness,
  partnershipId: string,
  names: readonly string[],
): Promise<void> {
  const administrator = await actorFor(harness, ACCOUNTS.administrator)
  for (const name of names) {
    await harness.services.agencies.add(administrator, partnershipId, { name, kind: 'other' })
  }
}

export async function createLegacyScr(
  browser: Browser,
  wandsworthId: string,
  overrides: Record<string, string> = {},
): Promise<string> {
  const response = await browser.submit(
    '/manage/reviews/new',
    legacyScrForm(wandsworthId, overrides),
  )
  return idFromLocation(response)
}
