import { readFileSync } from 'node:fs'
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

interface GovUkEvent {
  title: string
  date: string
}

/** The shipped GOV.UK list (S22) is loaded once; administrators maintain it after. */
function shippedBankHolidays(): GovUkEvent[] {
  const document = JSON.parse(
    readFileSync(
      new URL('../../domain/calendar/bank-holidays-england-and-wales.json', import.meta.url),
      'utf8',
    ),
  ) as { 'england-and-wales': { events: GovUkEvent[] } }
  return document['england-and-wales'].events
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('bank_holiday')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  const now = new Date().toISOString()
  await db
    .insertInto('bank_holiday')
    .values(
      shippedBankHolidays().map((event) => ({
        date: event.date,
        title: event.title,
        source: 'gov-uk',
        created_at: now,
      })),
    )
    .execute()

  await db.schema
    .createTable('statutory_setting')
    .addColumn('guidance_edition', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('statutory_setting_pk', ['guidance_edition', 'key'])
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('statutory_setting').ifExists().execute()
  await db.schema.dropTable('bank_holiday').ifExists().execute()
}
