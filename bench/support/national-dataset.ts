// The generated data the benchmarks run on (issues 9, 10 and 12): partnerships
// with their agencies and people, reviews in progress with their actions,
// published reviews with their report text in the search index, and
// incidents. Every run writes the same text (seeded) in the same shapes, and
// every value is one the services could have written. Rows are written in bulk,
// not through the services, which would take hours at national scale; the
// demo data (loaded first) provides the people who sign in.
//
// The national dataset (issue 12) is 150 partnerships and, for 5,000 reviews,
// 20,000 incidents, 100,000 actions and 100 million characters of report text;
// nationalSize scales everything but the partnerships with the reviews, so the
// same shape can be measured at 1,000 or 20,000 reviews.
import { randomBytes, randomUUID } from 'node:crypto'
import pg from 'pg'
import { sql, type Insertable } from 'kysely'
import type { Runtime } from '../../src/bootstrap.js'
import type { Db } from '../../src/data/db.js'
import type { Database } from '../../src/data/schema.js'
import { publicSearchIndexOf } from '../../src/data/repositories/public-site/search-index.js'
import { insertReview } from '../../src/data/repositories/review-repository.js'
import { addCalendarDays, type CalendarDate } from '../../src/domain/calendar/calendar-date.js'
import {
  caseReferenceYear,
  formatCaseReference,
} from '../../src/domain/incidents/case-reference.js'

export const NATIONAL_PARTNERSHIPS = 150
export const NATIONAL_REVIEWS = 5_000
const INCIDENTS_PER_REVIEW = 4
const ACTIONS_PER_REVIEW = 20
const CHARACTERS_PER_REVIEW = 20_000
const AGENCIES_PER_PARTNERSHIP = 6
/** The busy partnership (the demo's, whose coordinator signs in) has this share of the incidents. */
const BUSY_SHARE = 0.1
const BATCH = 500

export interface DatasetSize {
  readonly partnerships: number
  /** With their report text indexed for search, as publishing leaves them. */
  readonly publishedReviews: number
  readonly reviewsInProgress: number
  readonly incidents: number
  readonly actions: number
  /** Report text in all, shared evenly between the published reviews. */
  readonly characters: number
}

/** The national shape for a number of reviews: half published, half in progress. */
export function nationalSize(reviews: number): DatasetSize {
  const published = Math.ceil(reviews / 2)
  return {
    partnerships: NATIONAL_PARTNERSHIPS,
    publishedReviews: published,
    reviewsInProgress: reviews - published,
    incidents: reviews * INCIDENTS_PER_REVIEW,
    actions: reviews * ACTIONS_PER_REVIEW,
    characters: reviews * CHARACTERS_PER_REVIEW,
  }
}

/** Told how far a step has gone, so a run of minutes shows it is moving. */
export type Progress = (step: string, done: number, total: number) => void

const silent: Progress = () => undefined

/** A seeded generator, so every run writes the same text. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// The words of review reports, then a long tail of made-up words, drawn with a
// Zipf-like distribution: a few words in almost every review, most in few.
export const COMMON_WORDS =
  `the of and to in a was that for were with on by as at be had this from it not her his
she he they their child children family mother father baby health visitor school social worker
police agency agencies practitioners professionals review learning information sharing neglect
neglected neglectful abuse risk safeguarding assessment plan meeting concerns concern referral
support services home visit visits hospital injury injuries domestic violence mental substance
misuse alcohol drugs housing temporary accommodation supervision management multi agency
partnership recommendations recommendation findings evidence practice guidance training
communication records recorded escalation thresholds early help child protection conference
strategy discussion section 47 enquiry core group looked after care leaver midwife midwifery
general practitioner GP paediatrician emergency department ambulance education attendance
exclusion nursery toddler infant adolescent exploitation criminal county lines missing episodes
voice lived experience curiosity professional challenge disguised compliance hostility engagement
non attendance appointments bruising fracture head sleeping co sleeping sudden unexpected death`
    .split(/\s+/)
    .filter((word) => word.length > 0)

export function madeUpWords(count: number, next: () => number): string[] {
  const syllables =
    'ba be bi bo bu ca ce co da de di do fa fe fi ga go ha he hi ka ke ko la le li lo lu ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi wa we wi za ze zo'.split(
      ' ',
    )
  const words = new Set<string>()
  while (words.size < count) {
    const length = 2 + Math.floor(next() * 3)
    let word = ''
    for (let i = 0; i < length; i += 1) word += syllables[Math.floor(next() * syllables.length)]
    words.add(word)
  }
  return [...words]
}

export function zipfPicker(words: readonly string[], next: () => number): () => string {
  // Cumulative weights 1/rank.
  const cumulative: number[] = []
  let total = 0
  for (let rank = 1; rank <= words.length; rank += 1) {
    total += 1 / rank
    cumulative.push(total)
  }
  return () => {
    const target = next() * total
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if (cumulative[middle]! < target) low = middle + 1
      else high = middle
    }
    return words[low]!
  }
}

export function reviewText(length: number, pick: () => string, next: () => number): string {
  const parts: string[] = []
  let size = 0
  let sentence = 0
  while (size < length) {
    const word = pick()
    const capital = sentence === 0 ? word[0]!.toUpperCase() + word.slice(1) : word
    sentence += 1
    const end = sentence > 8 && next() < 0.12
    const piece = end ? `${capital}.` : capital
    if (end) sentence = 0
    parts.push(piece)
    size += piece.length + 1
    if (end && next() < 0.15) {
      parts.push('\n\n')
      size += 2
    }
  }
  return parts.join(' ').slice(0, length)
}

/** The vocabulary of the generated text: the same words every run. */
export function vocabulary(): { words: string[]; next: () => number } {
  const next = seededRandom(20260609)
  return { words: [...COMMON_WORDS, ...madeUpWords(20_000, next)], next }
}

/**
 * Searches people might make of the generated text, all different: one of the
 * report vocabulary's words and one of the made-up words, so most find a few
 * reviews and none is a page kept from an earlier request.
 */
export function variedSearches(count: number): string[] {
  const { words } = vocabulary()
  const madeUp = words.slice(COMMON_WORDS.length)
  const searches: string[] = []
  for (let index = 0; index < count; index += 1) {
    const common = COMMON_WORDS[(index * 7) % COMMON_WORDS.length]!
    searches.push(`${common} ${madeUp[(index * 13) % madeUp.length]!}`)
  }
  return searches
}

export async function insertInBatches<T extends keyof Database>(
  db: Db,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    await db
      .insertInto(table)
      .values(rows.slice(start, start + BATCH))
      .execute()
  }
}

export interface GeneratedPartnerships {
  /** The demo's partnerships first (by slug), then the generated ones. */
  readonly ids: readonly string[]
  readonly agenciesOf: ReadonlyMap<string, readonly string[]>
}

/**
 * Partnerships up to `count` (the demo's count towards it), each with six
 * agencies, and for each generated partnership the people reminders and
 * digests go to: a lead for each agency, a business unit coordinator and a
 * statutory partner's delegate. They never sign in, so they have no password.
 */
export async function generatePartnerships(
  db: Db,
  count: number,
  at: string,
): Promise<GeneratedPartnerships> {
  const existing = await db.selectFrom('partnership').select(['id']).orderBy('slug').execute()
  const ids = existing.map((row) => row.id)
  const newPartnerships: Insertable<Database['partnership']>[] = []
  for (let index = ids.length; index < count; index += 1) {
    const id = randomUUID()
    ids.push(id)
    newPartnerships.push({
      id,
      slug: `bench-${index}`,
      name: `Benchmark Safeguarding Children Partnership ${index}`,
      // Case references are unique across partnerships, so each its own prefix.
      case_reference_prefix: `BSCP${index}`,
      created_at: at,
    })
  }
  await insertInBatches(db, 'partnership', newPartnerships)
  const agenciesOf = new Map<string, string[]>()
  for (const row of await db.selectFrom('agency').select(['id', 'partnership_id']).execute()) {
    agenciesOf.set(row.partnership_id, [...(agenciesOf.get(row.partnership_id) ?? []), row.id])
  }
  const agencies: Insertable<Database['agency']>[] = []
  for (const partnership of ids) {
    const have = agenciesOf.get(partnership) ?? []
    for (let index = have.length; index < AGENCIES_PER_PARTNERSHIP; index += 1) {
      const id = randomUUID()
      have.push(id)
      agencies.push({
        id,
        partnership_id: partnership,
        name: `Benchmark agency ${index}`,
        kind: 'other',
        created_at: at,
      })
    }
    agenciesOf.set(partnership, have)
  }
  await insertInBatches(db, 'agency', agencies)
  await generatePeople(db, ids.slice(existing.length), agenciesOf, at)
  return { ids, agenciesOf }
}

async function generatePeople(
  db: Db,
  partnerships: readonly string[],
  agenciesOf: ReadonlyMap<string, readonly string[]>,
  at: string,
): Promise<void> {
  const users: Insertable<Database['app_user']>[] = []
  const memberships: Insertable<Database['membership']>[] = []
  const person = (
    partnership: string,
    role: string,
    agencyId: string | null,
    email: string,
    name: string,
  ) => {
    const id = randomUUID()
    users.push({ id, email, display_name: name, password_hash: null, is_active: 1, created_at: at })
    memberships.push({
      id: randomUUID(),
      user_id: id,
      partnership_id: partnership,
      role,
      agency_id: agencyId,
      created_at: at,
    })
  }
  partnerships.forEach((partnership, index) => {
    const agencies = agenciesOf.get(partnership) ?? []
    person(
      partnership,
      'business-unit',
      null,
      `coordinator-${index}@bench.example`,
      `Coordinator ${index}`,
    )
    person(
      partnership,
      'partner',
      agencies[0] ?? null,
      `partner-${index}@bench.example`,
      `Partner ${index}`,
    )
    agencies.forEach((agency, agencyIndex) =>
      person(
        partnership,
        'agency-lead',
        agency,
        `lead-${index}-${agencyIndex}@bench.example`,
        `Agency lead ${index}.${agencyIndex}`,
      ),
    )
  })
  await insertInBatches(db, 'app_user', users)
  await insertInBatches(db, 'membership', memberships)
}

export interface GeneratedReview {
  readonly id: string
  readonly partnershipId: string
}

/** Reviews being carried out, shared in turn between the partnerships. */
export async function generateReviewsInProgress(
  db: Db,
  partnerships: readonly string[],
  count: number,
  at: string,
): Promise<GeneratedReview[]> {
  const rows: Insertable<Database['review']>[] = []
  for (let index = 0; index < count; index += 1) {
    const partnership = partnerships[index % partnerships.length]!
    rows.push({
      id: randomUUID(),
      slug: `bench-review-${index}`,
      title: `Benchmark review ${index}`,
      kind: 'lcspr',
      guidance_edition: 'WT2023',
      lead_partnership_id: partnership,
      child_pseudonym: `Child B${index}`,
      summary: 'Generated for the benchmark.',
      status: 'in-progress',
      reviewer_names: '',
      created_at: at,
      updated_at: at,
    })
  }
  await insertInBatches(db, 'review', rows)
  return rows.map((row) => ({ id: row.id, partnershipId: row.lead_partnership_id }))
}

const ACTION_STATUSES = [
  'not-started',
  'in-progress',
  'completed',
  'assured',
  'sent-back',
  'closed',
]

/** Actions shared in turn between the reviews, owned in turn by their partnership's agencies. */
export async function generateActions(
  db: Db,
  reviews: readonly GeneratedReview[],
  agenciesOf: ReadonlyMap<string, readonly string[]>,
  count: number,
  today: CalendarDate,
  at: string,
  progress: Progress = silent,
): Promise<void> {
  const actions: Insertable<Database['action']>[] = []
  for (let index = 0; index < count; index += 1) {
    const review = reviews[index % reviews.length]!
    const owners = agenciesOf.get(review.partnershipId)!
    const status = ACTION_STATUSES[index % ACTION_STATUSES.length]!
    // Due dates over two years around today; completions over the last year.
    const dueOn = addCalendarDays(today, (index % 730) - 365)
    const doneAt = new Date(Date.parse(`${today}T12:00:00Z`) - (index % 360) * 86_400_000)
    const done = status === 'completed' || status === 'assured'
    actions.push({
      id: randomUUID(),
      review_id: review.id,
      source_kind: 'recommendation',
      source_id: randomUUID(),
      agency_id: owners[index % owners.length]!,
      description: `Benchmark action ${index}`,
      due_on: dueOn,
      status,
      created_at: '2024-01-01T09:00:00.000Z',
      updated_at: at,
      completed_at: done ? doneAt.toISOString() : null,
      assured_at: status === 'assured' ? doneAt.toISOString() : null,
    })
    if (actions.length === 5_000) {
      await insertInBatches(db, 'action', actions)
      actions.length = 0
      progress('actions', index + 1, count)
    }
  }
  await insertInBatches(db, 'action', actions)
  progress('actions', count, count)
}

/**
 * Published reviews with their report's text in the search index, as
 * publishing would leave them: `characters` of seeded text in all, shared
 * evenly, published over 14 years, each led by `leadOf(its number)`.
 */
export async function publishReviews(
  db: Db,
  options: {
    count: number
    characters: number
    leadOf: (index: number) => string
    progress?: Progress
  },
): Promise<GeneratedReview[]> {
  const progress = options.progress ?? silent
  const { words, next } = vocabulary()
  const pick = zipfPicker(words, next)
  const perReview = Math.ceil(options.characters / Math.max(1, options.count))
  const published: GeneratedReview[] = []
  const batch = 50
  for (let start = 0; start < options.count; start += batch) {
    await db.transaction().execute(async (trx) => {
      const index = publicSearchIndexOf(trx)
      for (let n = start; n < Math.min(start + batch, options.count); n += 1) {
        const id = randomUUID()
        const lead = options.leadOf(n)
        const year = 2012 + (n % 14)
        const publishedOn = `${year}-${String(1 + (n % 12)).padStart(2, '0')}-15`
        const title = `Review ${n}: ${pick()} ${pick()} and ${pick()}`
        const text = reviewText(perReview, pick, next)
        const slug = `bench-published-${n}`
        await insertReview(trx, {
          id,
          slug,
          title,
          kind: ['lcspr', 'scr-2015', 'other-learning'][n % 3]!,
          guidanceEdition: 'WT2018',
          leadPartnershipId: lead,
          participatingPartnershipIds: [],
          childPseudonym: `Child ${n}`,
          summary: text.slice(0, 2_000),
          status: 'published',
          publishedOn,
          reviewerNames: '',
          learningPoints: [],
          recommendations: [],
          now: `${publishedOn}T09:00:00.000Z`,
        })
        // The report's text, as publishing would index it.
        await index.put(
          trx,
          {
            sourceKind: 'report',
            sourceId: id,
            reviewId: id,
            title,
            body: text,
            url: `/reviews/${slug}`,
            publishedOn,
          },
          `${publishedOn}T09:00:00.000Z`,
        )
        published.push({ id, partnershipId: lead })
      }
    })
    progress('published reviews', Math.min(start + batch, options.count), options.count)
  }
  return published
}

/**
 * A year of incidents, a tenth of them the busy partnership's and the rest
 * shared in turn between the others. As in use (bench/pages.bench.ts records
 * the same through the services): 4 in 5 are not serious child safeguarding
 * cases and were closed after a fortnight; the serious ones were notified to
 * the Panel the day after and stay open with their rapid review clock running.
 */
export async function generateIncidents(
  db: Db,
  partnerships: readonly string[],
  busy: string,
  count: number,
  today: CalendarDate,
  at: string,
  progress: Progress = silent,
): Promise<void> {
  const prefixes = new Map(
    (await db.selectFrom('partnership').select(['id', 'case_reference_prefix']).execute()).map(
      (row) => [row.id, row.case_reference_prefix],
    ),
  )
  const counters = new Map<string, number>()
  for (const row of await db.selectFrom('case_reference_counter').selectAll().execute()) {
    counters.set(`${row.partnership_id} ${row.year}`, Number(row.last_number))
  }
  const others = partnerships.filter((id) => id !== busy)
  const busyEvery = Math.round(1 / BUSY_SHARE)
  const incidents: Insertable<Database['incident']>[] = []
  const children: Insertable<Database['incident_child']>[] = []
  const flush = async () => {
    await insertInBatches(db, 'incident', incidents)
    await insertInBatches(db, 'incident_child', children)
    incidents.length = 0
    children.length = 0
  }
  for (let index = 0; index < count; index += 1) {
    const partnership =
      index % busyEvery === 0 || others.length === 0 ? busy : others[index % others.length]!
    const daysAgo = Math.floor((index * 365) / count)
    const awareOn = addCalendarDays(today, -daysAgo)
    const serious = index % 5 === 0
    const year = caseReferenceYear(awareOn)
    const key = `${partnership} ${year}`
    const number = (counters.get(key) ?? 0) + 1
    counters.set(key, number)
    const id = randomUUID()
    const notifiedOn = serious && daysAgo >= 7 ? addCalendarDays(awareOn, 1) : null
    const closed = !serious && daysAgo >= 14
    incidents.push({
      id,
      partnership_id: partnership,
      case_reference: formatCaseReference(prefixes.get(partnership) ?? '', year, number),
      case_reference_year: year,
      case_reference_number: number,
      guidance_edition: 'WT2023',
      abuse_or_neglect: serious ? (index % 2 === 0 ? 'known' : 'suspected') : 'not-suspected',
      harm: index % 7 === 0 ? 'died' : 'serious-harm',
      looked_after: 0,
      care_leaver: 0,
      incident_on: addCalendarDays(awareOn, -(index % 4)),
      aware_on: awareOn,
      panel_notified_on: notifiedOn,
      ofsted_notified_on: notifiedOn,
      partners_notified_on: notifiedOn,
      place: `Generated for the benchmark (${index})`,
      description: 'A generated incident: fictional, for measuring response times only.',
      notifying_authority: 'Benchmark Council',
      home_authority: 'Benchmark Council',
      state: closed ? 'closed' : notifiedOn ? 'notified' : 'recorded',
      closed_on: closed ? addCalendarDays(awareOn, 14) : null,
      closed_reason: closed
        ? 'Not a serious child safeguarding case: no notification needed (generated).'
        : null,
      restricted: 1,
      created_at: `${awareOn}T09:00:00.000Z`,
      updated_at: at,
    })
    children.push({
      id: randomUUID(),
      incident_id: id,
      position: 1,
      pseudonym: `Child N${index}`,
      age_years: index % 17,
    })
    if (incidents.length === 2_000) {
      await flush()
      progress('incidents', index + 1, count)
    }
  }
  await flush()
  progress('incidents', count, count)
  // The counters the next recorded incident's reference follows on from.
  for (const [key, lastNumber] of counters) {
    const [partnershipId = '', year = ''] = key.split(' ')
    await db
      .insertInto('case_reference_counter')
      .values({ partnership_id: partnershipId, year: Number(year), last_number: lastNumber })
      .onConflict((conflict) =>
        conflict.columns(['partnership_id', 'year']).doUpdateSet({ last_number: lastNumber }),
      )
      .execute()
  }
}

export interface GeneratedDataset {
  readonly size: DatasetSize
  /** Slug of a published review of the busy partnership, for its page. */
  readonly publishedSlug: string
  readonly seconds: number
}

/**
 * The national dataset on a migrated database with the demo data loaded. The
 * demo partnership that comes first by slug is the busy one whose
 * coordinator signs in; it leads the first published review.
 */
export async function generateNationalDataset(
  runtime: Runtime,
  size: DatasetSize,
  busySlug: string,
  progress: Progress = silent,
): Promise<GeneratedDataset> {
  const started = performance.now()
  const db = runtime.database.db
  const today = runtime.services.calendar.today()
  const at = new Date().toISOString()
  const busy = await db
    .selectFrom('partnership')
    .select('id')
    .where('slug', '=', busySlug)
    .executeTakeFirstOrThrow()
  const partnerships = await generatePartnerships(db, size.partnerships, at)
  progress('partnerships', partnerships.ids.length, size.partnerships)
  const published = await publishReviews(db, {
    count: size.publishedReviews,
    characters: size.characters,
    leadOf: (index) => (index === 0 ? busy.id : partnerships.ids[index % partnerships.ids.length]!),
    progress,
  })
  const inProgress = await generateReviewsInProgress(
    db,
    partnerships.ids,
    size.reviewsInProgress,
    at,
  )
  progress('reviews in progress', inProgress.length, size.reviewsInProgress)
  await generateActions(
    db,
    [...inProgress, ...published],
    partnerships.agenciesOf,
    size.actions,
    today,
    at,
    progress,
  )
  await generateIncidents(db, partnerships.ids, busy.id, size.incidents, today, at, progress)
  await analyse(runtime)
  progress('statistics', 1, 1)
  return {
    size,
    publishedSlug: 'bench-published-0',
    seconds: (performance.now() - started) / 1000,
  }
}

/**
 * On PostgreSQL, what autovacuum does on its own soon after a bulk load:
 * statistics for the planner, and the GIN indexes' pending lists merged (a
 * manual ANALYZE leaves them, and every search would read them in full).
 * SQLite keeps no statistics unless asked, and the app never asks.
 */
export async function analyse(runtime: Runtime): Promise<void> {
  if (runtime.database.dialect !== 'postgres') return
  await sql`VACUUM ANALYZE`.execute(runtime.database.db)
}

/** A new, empty PostgreSQL database, or null when the server is not reachable. */
export async function temporaryPostgresDatabase(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const name = `spr_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
    await admin.query(`create database ${name}`)
  } catch {
    return null
  } finally {
    await admin.end().catch(() => undefined)
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}
