// Runs the command line as an operator would (src/command-line.ts, through
// test/support/test-cli.ts for the suite's clock): a separate process on the
// same database.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_PASSWORD, INTEGRATION_DATA_ENCRYPTION_KEY } from './app-harness.js'
import { TEST_TODAY } from '../../support/test-clock.js'

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export function runCli(
  args: string[],
  options: { databaseUrl: string; stdin?: string; env?: Record<string, string> },
): Promise<CliResult> {
  // A small, explicit environment: nothing of the test runner's leaks in.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'test',
    // The suite's day and clock (test/support/test-clock.ts), which test-cli.ts reads.
    TEST_TODAY: TEST_TODAY,
    TEST_CLOCK_EPOCH: process.env.TEST_CLOCK_EPOCH ?? '',
    DATABASE_URL: options.databaseUrl,
    SESSION_SECRET: 'integration-tests-session-secret-of-enough-length',
    DATA_ENCRYPTION_KEY: INTEGRATION_DATA_ENCRYPTION_KEY,
    DEMO_PASSWORD,
    LOG_LEVEL: 'silent',
    ...options.env,
  }
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/test-cli.ts', ...args],
      {
        cwd: PROJECT_ROOT,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.stdin ?? '')
  })
}
