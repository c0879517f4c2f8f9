import { execFileSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname } from 'node:path'

/** Removes the run's temporary database (see playwright.config.ts), and only that. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.E2E_DATABASE_URL ?? ''
  if (url.startsWith('postgres')) {
    const database = new URL(url)
    const name = database.pathname.slice(1)
    if (/^spr_e2e_[0-9a-f]+$/.test(name)) {
      database.pathname = '/postgres'
      execFileSync('psql', [database.href, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], {
        stdio: 'pipe',
      })
    }
  }
  const directory = process.env.E2E_DATABASE_DIRECTORY
  if (!directory || dirname(directory) !== tmpdir() || !basename(directory).startsWith('spr-e2e-'))
    return
  await rm(directory, { recursive: true, force: true })
}
