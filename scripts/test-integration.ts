// `npm run test:integration`: every integration test runs on SQLite and on
// PostgreSQL (test/integration/support/databases.ts). Each file's SQLite leg
// and its PostgreSQL leg are separate pieces of work, each a
// `node --test` process of its own (TEST_DATABASE_LEGS names the leg), and as
// many run at once as the machine has cores: two on these machines. The
// largest files go first, their slower PostgreSQL leg before their SQLite
// leg, so the two long crawls (hostile input, the authorisation matrix) do
// not start last and leave one core idle at the end. Run one after another,
// the layer took about 34 minutes in CI.
//
//   npm run test:integration                                    every file, both legs
//   npm run test:integration -- test/integration/x.test.ts      the files named
//   TEST_DATABASE_LEGS=sqlite npm run test:integration          one leg
//   TEST_WORKERS=1 npm run test:integration                     one piece of work at a time
//
// Each piece's output is printed whole when it ends, under a heading; the run
// ends with the counts, the pieces that failed, and fails when any did.
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { selectedLegs, type DatabaseLeg } from '../test/integration/support/legs.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const LABEL: Record<DatabaseLeg, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }
const COUNTED = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'] as const
type Counted = (typeof COUNTED)[number]

function allIntegrationFiles(): string[] {
  const folder = join(root, 'test', 'integration')
  return readdirSync(folder)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => relative(root, join(folder, name)))
}

function workers(): number {
  const asked = process.env.TEST_WORKERS
  if (asked === undefined || asked === '') return Math.max(1, availableParallelism())
  const count = Number(asked)
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`TEST_WORKERS must be a whole number of at least 1, not "${asked}"`)
  }
  return count
}

interface Piece {
  readonly file: string
  readonly leg: DatabaseLeg
}

interface Outcome extends Piece {
  readonly passed: boolean
  readonly seconds: number
  readonly counts: Partial<Record<Counted, number>>
}

/**
 * Largest file first (its size stands for its running time), and of one file
 * the PostgreSQL leg first: it is the slower.
 */
function inOrder(files: readonly string[], legs: readonly DatabaseLeg[]): Piece[] {
  const size = new Map(files.map((file) => [file, statSync(join(root, file)).size]))
  return files
    .flatMap((file) => legs.map((leg) => ({ file, leg })))
    .sort(
      (a, b) =>
        size.get(b.file)! - size.get(a.file)! ||
        a.file.localeCompare(b.file) ||
        (a.leg === 'postgres' ? -1 : 1) - (b.leg === 'postgres' ? -1 : 1),
    )
}

function run(piece: Piece): Promise<Outcome> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-reporter=spec', piece.file],
    {
      cwd: root,
      env: { ...process.env, TEST_DATABASE_LEGS: piece.leg },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const output: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk))
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const text = Buffer.concat(output).toString('utf8')
      const seconds = (performance.now() - started) / 1000
      const passed = code === 0
      // A leg a file does not have (nginx has no SQLite leg) registers no
      // tests; the reporter then counts the file itself as one. Nothing to show.
      const fileItself = join(root, piece.file)
      const empty = !text
        .split('\n')
        .some(
          (line) =>
            /^\s*(▶|✔|✖|﹣) /.test(line) && !line.trimStart().slice(2).startsWith(fileItself),
        )
      const counts: Partial<Record<Counted, number>> = {}
      for (const name of COUNTED) {
        const found = new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(text)
        if (found && !empty) counts[name] = Number(found[1])
      }
      if (!passed || !empty) {
        process.stdout.write(
          `\n── ${LABEL[piece.leg]} · ${piece.file} · ${passed ? 'passed' : 'FAILED'} in ${seconds.toFixed(0)} s\n${text}`,
        )
      }
      resolve({ ...piece, passed, seconds, counts })
    })
  })
}

const started = performance.now()
const named = process.argv.slice(2)
const files = named.length > 0 ? named : allIntegrationFiles()
const legs = selectedLegs()
const queue = inOrder(files, legs)
const parallel = Math.min(workers(), queue.length)
console.log(
  `Integration tests: ${files.length} file(s), ${legs.map((leg) => LABEL[leg]).join(' and ')}: ${queue.length} pieces of work, ${parallel} at a time`,
)
const outcomes: Outcome[] = []
await Promise.all(
  Array.from({ length: parallel }, async () => {
    for (let piece = queue.shift(); piece !== undefined; piece = queue.shift()) {
      outcomes.push(await run(piece))
    }
  }),
)

const total = (name: Counted) =>
  outcomes.reduce((sum, outcome) => sum + (outcome.counts[name] ?? 0), 0)
const failed = outcomes.filter((outcome) => !outcome.passed)
console.log(
  `\nIntegration tests: ${COUNTED.map((name) => `${name} ${total(name)}`).join(', ')}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
)
for (const leg of legs) {
  const ofLeg = outcomes.filter((outcome) => outcome.leg === leg)
  const seconds = ofLeg.reduce((sum, outcome) => sum + outcome.seconds, 0)
  console.log(`  ${LABEL[leg]} legs: ${seconds.toFixed(0)} s of work`)
}
if (failed.length > 0) {
  console.log('Failed:')
  for (const outcome of failed) console.log(`  ${LABEL[outcome.leg]} · ${outcome.file}`)
}
process.exit(failed.length === 0 ? 0 : 1)
