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
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { startRuntime, type Runtime } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { findPartnershipBySlug } from '../src/data/repositories/partnership-repository.js'
import { percentile, type Measure } from './support/measure.js'
import { analyse, publishReviews } from './support/national-dataset.js'

export const SEARCH_CHARS = Number(process.env.SEARCH_BENCH_CHARS ?? 100_000_000)
export const SEARCH_REVIEWS = Number(process.env.SEARCH_BENCH_REVIEWS ?? 5_000)
const DATABASES = (process.env.SEARCH_BENCH_DATABASES ?? 'sqlite,postgres').split(',')
const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres'
const TARGET_MS: Record<string, number> = { sqlite: 30, postgres: 60 }
/** Each query is run this many times, after one warm-up round. */
const ROUNDS = 5

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
async function publishCorpus(runtime: Runtime): Promise<void> {
  await runtime.services.loadDemoData('benchmark-demo-password')
  const db = runtime.database.db
  const lead = await findPartnershipBySlug(db, 'wandsworth')
  if (!lead) throw new Error('no demo partnership')
  await publishReviews(db, {
    count: SEARCH_REVIEWS,
    characters: SEARCH_CHARS,
    leadOf: () => lead.id,
  })
  await analyse(runtime)
}

export async function benchSearch(): Promise<Measure[]> {
  const measures: Measure[] = []
  for (const kind of DATABASES) {
    const { runtime, cleanup } = await openCorpus(kind)
    try {
      const started = performance.now()
      await publishCorpus(runtime)
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
