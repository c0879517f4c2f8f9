import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname } from 'node:path'

/** Removes the run's temporary database (see playwright.config.ts), and only that. */
export default async function globalTeardown(): Promise<void> {
  const directory = process.env.E2E_DATABASE_DIRECTORY
  if (!directory || dirname(directory) !== tmpdir() || !basename(directory).startsWith('spr-e2e-'))
    return
  await rm(directory, { recursive: true, force: true })
}
