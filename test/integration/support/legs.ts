// Which database legs a test process runs. Kept apart from databases.ts (and
// from node:test) so that scripts/test-integration.ts can read it without
// loading the test runner.
export type DatabaseLeg = 'sqlite' | 'postgres'

const LEGS: readonly DatabaseLeg[] = ['sqlite', 'postgres']

/**
 * The legs this process runs. `npm run test:integration`
 * (scripts/test-integration.ts) runs the SQLite legs and the PostgreSQL legs of
 * every file in two processes side by side, one per core, setting
 * TEST_DATABASE_LEGS to `sqlite` or `postgres`; a file run on its own runs both.
 */
export function selectedLegs(
  value: string | undefined = process.env.TEST_DATABASE_LEGS,
): readonly DatabaseLeg[] {
  if (value === undefined || value.trim() === '') return LEGS
  const named = value.split(',').map((leg) => leg.trim())
  const unknown = named.filter((leg) => !(LEGS as readonly string[]).includes(leg))
  if (unknown.length > 0) {
    throw new Error(
      `TEST_DATABASE_LEGS names ${unknown.join(', ')}: use sqlite, postgres or both (comma-separated)`,
    )
  }
  return LEGS.filter((leg) => named.includes(leg))
}

/** Whether this process runs `leg`'s tests (see selectedLegs). */
export function runsLeg(leg: DatabaseLeg): boolean {
  return selectedLegs().includes(leg)
}
