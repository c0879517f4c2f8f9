// Search at scale (issue 9): 5,000 published reviews whose text totals 100
// million characters, searched through the service the pages use (count,
// ranking and snippets of the page shown), on SQLite and on PostgreSQL.
// Targets: p95 within 30 ms on SQLite and 60 ms on PostgreSQL.
//
// The corpus size is a parameter, because generating and indexing 100 million
// characters takes minutes:
//   SEARCH_BENCH_CHARS=100000000   total characters of text (default)
//   SEARCH_BENCH_REVIEWS=5000      published reviews (default)
//   SEARCH_BENCH_DATABASES=sqlite,postgres
//   TEST_POSTGRES_URL=postgres://root@127.0.0.1:5432/postgres (a database is made and dropped)
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startRuntime, type Runtime } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/data/db.js'
import { findPartnershipBySlug } from '../src/data/repositories/partnership-repository.js'
import { publicSearchIndexOf } from '../src/data/repositories/public-site/search-index.js'
import { insertReview } from '../src/data/repositories/review-repository.js'
import { percentile, type Measure } from './support/measure.js'

export const SEARCH_CHARS = Number(process.env.SEARCH_BENCH_CHARS ?? 100_000_000)
export const SEARCH_REVIEWS = Number(process.env.SEARCH_BENCH_REVIEWS ?? 5_000)
const DATABASES = (process.env.SEARCH_BENCH_DATABASES ?? 'sqlite,postgres').split(',')
const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres'
const TARGET_MS: Record<string, number> = { sqlite: 30, postgres: 60 }
/** Each query is run this many times, after one warm-up round. */
const ROUNDS = 5

/** A seeded generator, so every run searches the same text. */
function generator(seed: number): () => number {
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
const COMMON =
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

function madeUpWords(count: number, next: () => number): string[] {
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

function zipfPicker(words: readonly string[], next: () => number): () => string {
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

function reviewText(length: number, pick: () => string, next: () => number): string {
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

/** What people search for: common words, rarer ones, two words, phrases, stemmed forms. */
const QUERIES = [
  'neglect',
  'neglected',
  'domestic violence',
  '"domestic violence"',
  'health visitor',
  'missed appointments',
  'disguised compliance',
  'co sleeping',
  'county lines exploitation',
  'escalation',
  'paediatrician bruising',
  'temporary accommodation housing',
  'the',
  'child',
  'babeko',
  'lived experience of the child',
  '"professional challenge"',
  'strategy discussion section 47',
  'nursery attendance',
  'mental health substance misuse',
]

async function openCorpus(
  kind: string,
): Promise<{ runtime: Runtime; cleanup: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'spr-bench-search-'))
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: `file:${join(folder, 'bench.sqlite')}`,
      SESSION_SECRET: 'benchmark-session-secret-of-enough-length',
      LOG_LEVEL: 'silent',
      DEMO_PASSWORD: 'benchmark-demo-password',
    })
    const runtime = await startRuntime(config, { migrate: true })
    return {
      runtime,
      cleanup: async () => {
        await runtime.close()
        rmSync(folder, { recursive: true, force: true })
      },
    }
  }
  const name = `spr_bench_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    SESSION_SECRET: 'benchmark-session-secret-of-enough-length',
    LOG_LEVEL: 'silent',
    DEMO_PASSWORD: 'benchmark-demo-password',
  })
  const runtime = await startRuntime(config, { migrate: true })
  return {
    runtime,
    cleanup: async () => {
      await runtime.close()
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

/** Published reviews with their text in the index, as publishing would leave them. */
async function publishCorpus(runtime: Runtime, kind: string): Promise<void> {
  await runtime.services.loadDemoData('benchmark-demo-password')
  const db = runtime.database.db
  const lead = await findPartnershipBySlug(db, 'wandsworth')
  if (!lead) throw new Error('no demo partnership')
  const next = generator(20260609)
  const pick = zipfPicker([...COMMON, ...madeUpWords(20_000, next)], next)
  const perReview = Math.ceil(SEARCH_CHARS / SEARCH_REVIEWS)
  const batch = 50
  for (let start = 0; start < SEARCH_REVIEWS; start += batch) {
    await db.transaction().execute(async (trx) => {
      const index = publicSearchIndexOf(trx)
      for (let n = start; n < Math.min(start + batch, SEARCH_REVIEWS); n += 1) {
        const id = randomUUID()
        const year = 2012 + (n % 14)
        const publishedOn = `${year}-${String(1 + (n % 12)).padStart(2, '0')}-15`
        const title = `Review ${n}: ${pick()} ${pick()} and ${pick()}`
        const summary = reviewText(perReview, pick, next)
        await insertReview(trx, {
          id,
          slug: `bench-review-${n}`,
          title,
          kind: ['lcspr', 'scr-2015', 'other-learning'][n % 3]!,
          guidanceEdition: 'WT2018',
          leadPartnershipId: lead.id,
          participatingPartnershipIds: [],
          childPseudonym: `Child ${n}`,
          summary: summary.slice(0, 2_000),
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
            body: summary,
            url: `/reviews/bench-review-${n}`,
            publishedOn,
          },
          `${publishedOn}T09:00:00.000Z`,
        )
      }
    })
  }
  if (kind === 'postgres') {
    await sqlAnalyse(db)
  }
}

/**
 * As autovacuum leaves the tables after a burst of inserts: statistics taken,
 * and the GIN indexes' pending lists (entries not yet merged, read in full by
 * every search) merged. A manual ANALYZE leaves the pending lists alone.
 */
async function sqlAnalyse(db: Db): Promise<void> {
  const { sql } = await import('kysely')
  await sql`VACUUM ANALYZE public_search_document`.execute(db)
  await sql`VACUUM ANALYZE review`.execute(db)
}

export async function benchSearch(): Promise<Measure[]> {
  const measures: Measure[] = []
  for (const kind of DATABASES) {
    const { runtime, cleanup } = await openCorpus(kind)
    try {
      const started = performance.now()
      await publishCorpus(runtime, kind)
      const loadSeconds = (performance.now() - started) / 1000
      const search = runtime.services.publicSearch
      const latencies: number[] = []
      let hits = 0
      for (let round = 0; round <= ROUNDS; round += 1) {
        for (const text of QUERIES) {
          const t0 = performance.now()
          const results = await search.search({ text, page: 1, pageSize: 10 })
          const elapsed = performance.now() - t0
          if (round > 0) latencies.push(elapsed)
          if (round === ROUNDS && process.env.SEARCH_BENCH_VERBOSE) {
            const found = `${results.total}${results.totalCapped ? '+' : ''}`
            console.log(`  ${kind}: ${elapsed.toFixed(1)} ms, ${found} results: ${text}`)
          }
          if (round === 1) hits += results.total
        }
      }
      // A later page and a filtered search, as people page and narrow.
      for (let round = 0; round < ROUNDS; round += 1) {
        const t0 = performance.now()
        const results = await search.search({
          text: 'neglect',
          kind: 'cspr',
          year: 2020,
          page: 3,
          pageSize: 10,
        })
        const elapsed = performance.now() - t0
        latencies.push(elapsed)
        if (round === ROUNDS - 1 && process.env.SEARCH_BENCH_VERBOSE) {
          console.log(
            `  ${kind}: ${elapsed.toFixed(1)} ms, ${results.total} results: neglect, cspr, 2020, page 3`,
          )
        }
      }
      console.log(
        `  ${kind}: the ${QUERIES.length} queries found ${hits.toLocaleString('en-GB')} results in all`,
      )
      const label = `${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${SEARCH_REVIEWS.toLocaleString('en-GB')} reviews, ${(SEARCH_CHARS / 1e6).toFixed(0)}M chars`
      measures.push(
        {
          name: `${label}: corpus generated and indexed`,
          value: loadSeconds * 1000,
          unit: 'ms',
          target: null,
        },
        {
          name: `${label}: search p50`,
          value: percentile(latencies, 50),
          unit: 'ms',
          target: null,
        },
        {
          name: `${label}: search p95 (with snippets)`,
          value: percentile(latencies, 95),
          unit: 'ms',
          target: TARGET_MS[kind] ?? null,
        },
        { name: `${label}: search max`, value: Math.max(...latencies), unit: 'ms', target: null },
      )
    } finally {
      await cleanup()
    }
  }
  return measures
}
