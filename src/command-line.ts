// Command-line tasks for operators: `npm run cli -- <command> [options]`.
// src/cli.ts runs them on the real clock; the tests run them on the suite's
// clock (test/support/test-cli.ts), so no test depends on the real date.
import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { loadDemoDataOnce, startRuntime } from './bootstrap.js'
import { loadConfig } from './config.js'
import { runDueJobs, workerName } from './jobs/due-jobs.js'
import { ValidationError } from './domain/errors.js'
import { COMMAND_LINE } from './services/context.js'
import type { DataKeyRotation } from './services/data-key-rotation-service.js'

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   bring the database schema up to date
  seed-demo                                 load the demo partnerships, reviews and accounts
  create-user --email E --name N --partnership P --role R [--agency A]
                                            create an account (password read from standard input)
  create-deployment-admin --email E --name N
                                            make an account a deployment administrator, who creates
                                            partnerships at /manage/partnerships (password read from
                                            standard input if the account is new)
  create-partnership --name N --slug S --local-authority A --police A --health A
                     --admin-email E --admin-name N
                                            create a partnership with its three statutory partners'
                                            agencies and its first administrator (password read from
                                            standard input if the account is new)
  create-token --email E [--label L]        print a new API bearer token for the account
  revoke-tokens --email E                   revoke every API token of the account
  rotate-data-key                           re-seal stored secrets from PREVIOUS_DATA_ENCRYPTION_KEY
                                            to DATA_ENCRYPTION_KEY
  verify-audit                              check the audit trail's hash chain
  backup --to FILE                          write a consistent backup of every table (JSON lines;
                                            on SQLite, FILE.sqlite is a copy by SQLite's online backup)
  restore --from FILE                       restore a backup (either kind) into a new, empty database
  run-due-jobs                              run the reminders and digests that are due, send the
                                            outbox, and exit (for cron; safe beside a running server)
  reindex-staff-search                      rebuild the staff search of the learning library from
                                            the records (after an import, or to repair it)

Roles: administrator, business-unit, partner, reviewer, agency-lead, practitioner.
Configuration comes from the environment (see README), e.g. DATABASE_URL.`

/** Reads the password from standard input: hidden at a terminal, first line of a pipe. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    let muted = false
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        if (!muted) process.stderr.write(chunk)
        callback()
      },
    })
    const prompt = createInterface({ input: process.stdin, output, terminal: true })
    return new Promise((resolve) => {
      prompt.question('Password: ', (answer) => {
        prompt.close()
        process.stderr.write('\n')
        resolve(answer)
      })
      muted = true
    })
  }
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError([{ field: name, message: `--${name} is required` }])
  }
  return value
}

const SEALED_VALUE_NAMES = {
  'totp-secret': ['two-factor secret', 'two-factor secrets'],
  'pending-totp-secret': ['two-factor secret being set up', 'two-factor secrets being set up'],
  'single-sign-on-client-secret': ['single sign-on client secret', 'single sign-on client secrets'],
} as const

function count(n: number, [one, many]: readonly [string, string]): string {
  return `${n} ${n === 1 ? one : many}`
}

function reportRotation(rotation: DataKeyRotation): number {
  if (!rotation.ok) {
    const { unreadable } = rotation
    console.error(
      `Refused: ${count(unreadable.length, ['stored secret', 'stored secrets'])} cannot be opened with PREVIOUS_DATA_ENCRYPTION_KEY (nor with DATA_ENCRYPTION_KEY):`,
    )
    for (const value of unreadable) {
      const name = SEALED_VALUE_NAMES[value.column][0]
      console.error(`  ${value.accountEmail === null ? name : `${name} of ${value.accountEmail}`}`)
    }
    console.error(
      'Nothing was changed. Check that PREVIOUS_DATA_ENCRYPTION_KEY is the key the service uses now. A secret that no key opens any more is cleared by resetting that person’s two-factor authentication, or by entering the single sign-on client secret again.',
    )
    return 1
  }
  const { resealed, alreadyCurrent } = rotation
  const total = Object.values(resealed).reduce((sum, n) => sum + n, 0)
  const parts = (Object.keys(SEALED_VALUE_NAMES) as (keyof typeof SEALED_VALUE_NAMES)[]).map(
    (column) => count(resealed[column], SEALED_VALUE_NAMES[column]),
  )
  console.log(
    `Re-sealed ${count(total, ['stored secret', 'stored secrets'])} with DATA_ENCRYPTION_KEY: ${parts.join(', ')}.`,
  )
  if (alreadyCurrent > 0) {
    console.log(`${alreadyCurrent} already sealed with DATA_ENCRYPTION_KEY were left as they were.`)
  }
  console.log(
    'Remove PREVIOUS_DATA_ENCRYPTION_KEY from the service’s configuration once every instance runs with the new DATA_ENCRYPTION_KEY.',
  )
  return 0
}

/** The option a field's message is about, where the two names differ (create-partnership). */
const OPTION_OF_FIELD: Record<string, string> = {
  localAuthority: 'local-authority',
  administratorEmail: 'admin-email',
  administratorName: 'admin-name',
}

/** Every command the switch below handles; add new ones here too. */
const COMMANDS = [
  'migrate',
  'seed-demo',
  'create-user',
  'create-deployment-admin',
  'create-partnership',
  'create-token',
  'revoke-tokens',
  'rotate-data-key',
  'verify-audit',
  'backup',
  'restore',
  'run-due-jobs',
  'reindex-staff-search',
]

export interface CommandLineOptions {
  /** The services' clock. The real time unless a test sets it. */
  readonly now?: () => Date
}

export async function runCli(argv: string[], options: CommandLineOptions = {}): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE)
    return command ? 0 : 2
  }
  // Usage mistakes are answered before the database is opened (and migrated).
  if (!COMMANDS.includes(command)) {
    console.error(`Unknown command "${command}".\n\n${USAGE}`)
    return 2
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      partnership: { type: 'string' },
      role: { type: 'string' },
      agency: { type: 'string' },
      label: { type: 'string' },
      slug: { type: 'string' },
      'local-authority': { type: 'string' },
      police: { type: 'string' },
      health: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
    },
    strict: true,
  })
  const config = loadConfig()
  const runtime = await startRuntime(config, {
    migrate: true,
    ...(options.now ? { now: options.now } : {}),
  })
  try {
    switch (command) {
      case 'migrate':
        console.log('Database is up to date.')
        return 0
      case 'seed-demo': {
        const added = await loadDemoDataOnce(runtime, config.demoPassword)
        console.log(
          `Demo data loaded: ${added.partnerships} partnerships, ${added.reviews} published reviews, ${added.users} accounts, ${added.incidents} incidents, ${added.rapidReviews} rapid reviews, ${added.reviewsInProgress} reviews in progress, ${added.actions} actions, ${added.briefings} seven-minute briefings added.`,
        )
        if (added.datedCasesSkipped) {
          console.error(
            `Demo incidents, reviews in progress and actions not loaded: ${added.datedCasesSkipped}. Add the bank holidays (/manage/settings/bank-holidays) and run seed-demo again.`,
          )
        }
        return 0
      }
      case 'create-user': {
        const input = {
          email: required(values, 'email'),
          displayName: required(values, 'name'),
          partnershipSlug: required(values, 'partnership'),
          role: required(values, 'role'),
          ...(values.agency === undefined ? {} : { agencyName: values.agency }),
        }
        const password = await readPassword()
        const result = await runtime.services.users.createUser({ ...input, password }, COMMAND_LINE)
        console.log(
          result.created
            ? `Created account ${input.email} as ${input.role} in ${input.partnershipSlug}.`
            : `Account ${input.email} already existed: added role ${input.role} in ${input.partnershipSlug}.`,
        )
        return 0
      }
      case 'create-deployment-admin': {
        const email = required(values, 'email')
        const displayName = required(values, 'name')
        const exists = await runtime.services.deployment.accountExists(email)
        const password = exists ? '' : await readPassword()
        const result = await runtime.services.deployment.createDeploymentAdministrator(
          { email, displayName, password },
          COMMAND_LINE,
        )
        console.log(
          result.alreadyAdministrator
            ? `${email} was already a deployment administrator.`
            : result.created
              ? `Created account ${email} as a deployment administrator.`
              : `Account ${email} already existed: made it a deployment administrator.`,
        )
        return 0
      }
      case 'create-partnership': {
        const form = {
          name: required(values, 'name'),
          slug: required(values, 'slug'),
          localAuthority: required(values, 'local-authority'),
          police: required(values, 'police'),
          health: required(values, 'health'),
          administratorEmail: required(values, 'admin-email'),
          administratorName: required(values, 'admin-name'),
        }
        const exists = await runtime.services.deployment.accountExists(form.administratorEmail)
        const password = exists ? undefined : await readPassword()
        const created = await runtime.services.deployment.createPartnership(
          { commandLine: COMMAND_LINE },
          form,
          password,
        )
        console.log(
          `Created partnership ${created.name} (${created.slug}) with its local authority, police and health agencies.`,
        )
        console.log(
          created.administrator.created
            ? `Created account ${created.administrator.email} as its administrator.`
            : `Account ${created.administrator.email} already existed: made it its administrator.`,
        )
        return 0
      }
      case 'create-token': {
        const token = await runtime.services.users.createApiToken(
          required(values, 'email'),
          values.label ?? 'command line',
          COMMAND_LINE,
        )
        console.log(token)
        return 0
      }
      case 'revoke-tokens': {
        const revoked = await runtime.services.users.revokeApiTokens(
          required(values, 'email'),
          COMMAND_LINE,
        )
        console.log(`Revoked ${revoked} API ${revoked === 1 ? 'token' : 'tokens'}.`)
        return 0
      }
      case 'rotate-data-key': {
        const rotation = await runtime.services.dataKeys.rotate(
          { previous: config.previousDataEncryptionKey, current: config.dataEncryptionKey },
          COMMAND_LINE,
        )
        return reportRotation(rotation)
      }
      case 'verify-audit': {
        const result = await runtime.services.verifyAuditTrail()
        if (result.ok) {
          console.log(`Audit trail intact: ${result.checked} events checked.`)
          return 0
        }
        console.error(
          `Audit trail broken at event ${result.brokenAtSequence}: ${result.reason}. ${result.checked} events before it are intact.`,
        )
        return 1
      }
      case 'backup': {
        const header = await runtime.services.backups.backup(required(values, 'to'), COMMAND_LINE)
        const rows = header.tables.reduce((sum, table) => sum + table.rows, 0)
        console.log(`Backup written: ${header.tables.length} tables, ${rows} rows.`)
        return 0
      }
      case 'restore': {
        const header = await runtime.services.backups.restore(
          required(values, 'from'),
          COMMAND_LINE,
        )
        console.log(`Restored the backup made at ${header.createdAt} (${header.dialect}).`)
        const check = await runtime.services.verifyAuditTrail()
        console.log(
          check.ok
            ? `Audit trail intact: ${check.checked} events.`
            : `Audit trail broken at ${check.brokenAtSequence}: ${check.reason}`,
        )
        return check.ok ? 0 : 1
      }
      case 'run-due-jobs': {
        const report = await runDueJobs(runtime.services, workerName())
        for (const job of report.jobs) {
          console.log(`${job.kind} (${job.runKey}): ${job.outcome}: ${job.summary}`)
        }
        if (report.jobs.length === 0) console.log('No jobs were due.')
        const { sent, retrying, failed, waiting } = report.mail
        console.log(
          waiting > 0
            ? `Mail: ${waiting} waiting in the outbox, not sent: no mail server set (SMTP_URL).`
            : `Mail: ${sent} sent, ${retrying} to retry later, ${failed} failed.`,
        )
        return report.jobs.some((job) => job.outcome !== 'done') ? 1 : 0
      }
      case 'reindex-staff-search': {
        const documents = await runtime.services.staffSearch.reindexAll()
        console.log(`Staff search reindexed: ${documents} documents.`)
        return 0
      }
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`)
        return 2
    }
  } finally {
    await runtime.close()
  }
}

export function runCommandLine(options: CommandLineOptions = {}): void {
  runCli(process.argv.slice(2), options).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ValidationError) {
        for (const fieldError of error.errors)
          console.error(
            `${OPTION_OF_FIELD[fieldError.field] ?? fieldError.field}: ${fieldError.message}`,
          )
        process.exit(2)
      }
      // An unknown or incomplete option is a usage mistake, like an unknown command.
      if (
        error instanceof Error &&
        /^ERR_PARSE_ARGS/.test(String((error as { code?: string }).code))
      ) {
        console.error(`${error.message}\n\n${USAGE}`)
        process.exit(2)
      }
      console.error(error instanceof Error ? error.message : error)
      process.exit(1)
    },
  )
}
