// Configuration is read once, validated, and frozen: a misconfigured server must
// refuse to start rather than run half-working with children's data in it.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('file:./data/safeguarding-reviews.sqlite'),
  DEMO_DATA: booleanText.optional(),
  DEMO_PASSWORD: z.string().min(12).optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  // Issue 4: the key that seals stored secrets (two-factor secrets, the single
  // sign-on client secret) is its own setting, so SESSION_SECRET can rotate alone.
  DATA_ENCRYPTION_KEY: z.string().min(32).optional(),
  // The key being rotated away from: still opens what it sealed, and is what
  // `rotate-data-key` re-seals from.
  PREVIOUS_DATA_ENCRYPTION_KEY: z.string().min(32).optional(),
  SECURE_COOKIES: booleanText.optional(),
  // Which proxies' X-Forwarded-For and X-Forwarded-Proto to believe (issue 12):
  // true (any: only when nothing but the proxy can reach the app), false, the
  // proxies' addresses or networks (127.0.0.1, 10.0.0.0/8, comma-separated).
  TRUST_PROXY: z
    .string()
    .transform((value, context): boolean | string => {
      const text = value.trim()
      if (['true', '1', 'yes'].includes(text)) return true
      if (['false', '0', 'no'].includes(text)) return false
      const entries = text.split(',').map((entry) => entry.trim())
      const bad = entries.filter((entry) => {
        const [address = '', prefix, ...rest] = entry.split('/')
        const family = isIP(address)
        if (family === 0 || rest.length > 0) return true
        if (prefix === undefined) return false
        const bits = Number(prefix)
        return !/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)
      })
      if (bad.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `must be true, false, or the proxies' addresses or networks separated by commas (e.g. 127.0.0.1,10.0.0.0/8); not ${bad.join(', ')}`,
        })
        return z.NEVER
      }
      return entries.join(',')
    })
    .default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
  // Empty: `/` lists the partnerships (or shows the only one) (issue 12).
  PUBLIC_PARTNERSHIP: z
    .string()
    .regex(/^[a-z0-9-]*$/)
    .default('wandsworth'),
  SERVICE_NAME: z.string().min(1).max(120).default('Safeguarding practice reviews'),
  // The address people reach the service at (behind any proxy): single sign-on's
  // redirect URI is built from it and must be absolute.
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .refine((url) => !/[?#]/.test(url), 'must not have a query or a fragment')
    .optional(),
  // Issue 4: a signed-in session ends after this long without a request, and
  // after this long however busy.
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  // Two-factor authentication for roles that see identity fields or manage users
  // (issue 4). On by default everywhere, the demo included; test suites that are
  // not about two-factor authentication turn it off explicitly.
  REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES: booleanText.optional(),
  // Issue 10: mail goes through the outbox to this SMTP server. Unset, messages
  // stay in the outbox ("not sent: no mail server set"): nothing lost, nothing faked.
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/?#\s]+(\/[^\s]*)?$/, {
      error: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.org:587',
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .max(200)
    .regex(/^(?:[^<>\r\n"]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, {
      error: 'must be an address, e.g. reviews@example.org or "Reviews <reviews@example.org>"',
    })
    .optional(),
  // How often the server runs the jobs that are due; 0 turns the server's
  // scheduler off (run `npm run cli -- run-due-jobs` from cron instead).
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
  // Working days before an action's due date (and a statutory deadline) its reminders go.
  REMINDER_WORKING_DAYS: z
    .string()
    .regex(/^\s*\d{1,2}\s*(,\s*\d{1,2}\s*)*$/, {
      error: 'must be working days separated by commas, e.g. 10,2',
    })
    .default('10,2'),
  // Issue 9: templates are compiled once and kept; `npm run dev` sets this so
  // an edited template shows at once. Compiling on every request made each
  // page about 10 times slower, so nothing else sets it.
  RECOMPILE_TEMPLATES: booleanText.default(false),
})

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly filename: string }
  | { readonly kind: 'postgres'; readonly connectionString: string }

export interface AppConfig {
  readonly environment: 'development' | 'production' | 'test'
  /** Compile templates again for every page (npm run dev only). */
  readonly recompileTemplates: boolean
  readonly port: number
  readonly host: string
  readonly database: DatabaseConfig
  readonly loadDemoData: boolean
  readonly demoPassword: string
  readonly sessionSecret: string
  /** Seals stored secrets (src/services/secret-box.ts). */
  readonly dataEncryptionKey: string
  /** Opens what the key before it sealed, until `rotate-data-key` has re-sealed it all. */
  readonly previousDataEncryptionKey: string | null
  readonly secureCookies: boolean
  /**
   * Whose X-Forwarded-* headers to believe: every proxy (true), none (false), or
   * these addresses and networks ('127.0.0.1,10.0.0.0/8').
   */
  readonly trustProxy: boolean | string
  readonly logLevel: string
  readonly signInRateLimitPerMinute: number
  /**
   * The partnership whose learning `/` shows; null, or one that does not
   * exist: the only partnership, or the list of them when there are several.
   */
  readonly publicPartnershipSlug: string | null
  readonly serviceName: string
  /** No trailing slash, e.g. 'https://reviews.example.org'. */
  readonly publicUrl: string
  readonly sessionIdleMinutes: number
  readonly sessionAbsoluteHours: number
  readonly requireTwoFactorForPrivilegedRoles: boolean
  /** Issue 10: where and how mail is sent, and when the scheduler runs. */
  readonly mail: MailConfig
  /** Seconds between the server's runs of due jobs; 0 when the server runs none. */
  readonly jobsIntervalSeconds: number
  /** Working days before a due date that reminders go, largest first (10, 2). */
  readonly reminderWorkingDays: readonly number[]
}

export interface MailConfig {
  /** Null: no mail server set, messages wait in the outbox. */
  readonly smtpUrl: string | null
  readonly from: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The demo password is only for demo accounts on a developer's machine. */
export const DEFAULT_DEMO_PASSWORD = 'demo-only-not-for-real-use'

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { kind: 'postgres', connectionString: url }
  }
  if (url === ':memory:' || url === 'file::memory:') return { kind: 'sqlite', filename: ':memory:' }
  if (url.startsWith('file:'))
    return { kind: 'sqlite', filename: resolve(url.slice('file:'.length)) }
  throw new ConfigError(
    `DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL); got "${url.split(':')[0] ?? ''}:…"`,
  )
}

/**
 * In development a secret (the session secret, the data encryption key) is made
 * once and kept beside the database, so restarting the server does not sign
 * everybody out or make stored secrets unreadable. Production must set them.
 */
function developmentSecret(database: DatabaseConfig, fileName: string): string {
  if (database.kind !== 'sqlite' || database.filename === ':memory:') {
    return randomBytes(32).toString('base64url')
  }
  const file = resolve(dirname(database.filename), fileName)
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dirname(file), { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  try {
    // 'wx': a server and a CLI starting together on a new folder must not each
    // keep a different secret; the second one reads the first one's.
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return readFileSync(file, 'utf8').trim()
  }
  return secret
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const blanksRemoved = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  )
  const parsed = environmentSchema.safeParse(blanksRemoved)
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ')
    throw new ConfigError(`Invalid configuration: ${problems}`)
  }
  const env = parsed.data
  const production = env.NODE_ENV === 'production'
  if (production && !env.SESSION_SECRET) {
    throw new ConfigError('Invalid configuration: SESSION_SECRET is required in production')
  }
  // The app speaks plain HTTP; in production TLS ends at a proxy. Without
  // TRUST_PROXY it would think every request insecure and never set the Secure
  // session cookie, so no one could sign in.
  if (production && (env.SECURE_COOKIES ?? true) && env.TRUST_PROXY === false) {
    throw new ConfigError(
      "Invalid configuration: in production set TRUST_PROXY=true or to your reverse proxy's address (TLS ends at your reverse proxy), or SECURE_COOKIES=false if the service is only reached over plain HTTP on a private network",
    )
  }
  const loadDemoData = env.DEMO_DATA ?? !production
  if (production && loadDemoData && !env.DEMO_PASSWORD) {
    throw new ConfigError(
      'Invalid configuration: DEMO_DATA in production needs its own DEMO_PASSWORD',
    )
  }
  // Issue 4: two-factor authentication is required for the roles that see
  // children's identities or manage accounts. Switching that off is for test
  // suites and a developer's demo, never for a live service.
  if (production && env.REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES === false) {
    throw new ConfigError(
      'Invalid configuration: REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES cannot be false in production: administrators and business unit coordinators must use two-factor authentication',
    )
  }
  if (production && !env.DATA_ENCRYPTION_KEY) {
    throw new ConfigError('Invalid configuration: DATA_ENCRYPTION_KEY is required in production')
  }
  const database = parseDatabaseUrl(env.DATABASE_URL)
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')
  const publicHost = new URL(publicUrl).hostname
  const reminderDays = [
    ...new Set(env.REMINDER_WORKING_DAYS.split(',').map((day) => Number(day.trim()))),
  ].sort((a, b) => b - a)
  if (reminderDays.some((day) => day < 1)) {
    throw new ConfigError('Invalid configuration: REMINDER_WORKING_DAYS must be 1 or more each')
  }
  if (production && env.SMTP_URL && !env.MAIL_FROM) {
    throw new ConfigError(
      'Invalid configuration: with SMTP_URL set in production, set MAIL_FROM to the address mail comes from',
    )
  }
  return Object.freeze({
    environment: env.NODE_ENV,
    recompileTemplates: env.RECOMPILE_TEMPLATES,
    port: env.PORT,
    host: env.HOST,
    database,
    loadDemoData,
    demoPassword: env.DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    sessionSecret: env.SESSION_SECRET ?? developmentSecret(database, '.session-secret'),
    dataEncryptionKey:
      env.DATA_ENCRYPTION_KEY ?? developmentSecret(database, '.data-encryption-key'),
    previousDataEncryptionKey: env.PREVIOUS_DATA_ENCRYPTION_KEY ?? null,
    secureCookies: env.SECURE_COOKIES ?? production,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    signInRateLimitPerMinute: env.SIGN_IN_RATE_LIMIT,
    publicPartnershipSlug: env.PUBLIC_PARTNERSHIP === '' ? null : env.PUBLIC_PARTNERSHIP,
    serviceName: env.SERVICE_NAME,
    publicUrl,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: env.SESSION_ABSOLUTE_HOURS,
    requireTwoFactorForPrivilegedRoles: env.REQUIRE_TWO_FACTOR_FOR_PRIVILEGED_ROLES ?? true,
    mail: Object.freeze({
      smtpUrl: env.SMTP_URL ?? null,
      from:
        env.MAIL_FROM ?? `${env.SERVICE_NAME.replace(/[<>"\r\n]/g, '')} <no-reply@${publicHost}>`,
    }),
    // Off in tests unless a test asks: a scheduler ticking inside the test
    // server would send mail the test did not expect.
    jobsIntervalSeconds: env.JOBS_INTERVAL_SECONDS ?? (env.NODE_ENV === 'test' ? 0 : 60),
    reminderWorkingDays: Object.freeze(reminderDays),
  })
}
