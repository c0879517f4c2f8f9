import type { Db } from '../db.js'

export interface BankHolidayRecord {
  date: string
  title: string
  source: string
}

export function listBankHolidays(db: Db): Promise<BankHolidayRecord[]> {
  return db.selectFrom('bank_holiday').select(['date', 'title', 'source']).orderBy('date').execute()
}

export function findBankHoliday(db: Db, date: string): Promise<BankHolidayRecord | undefined> {
  return db
    .selectFrom('bank_holiday')
    .select(['date', 'title', 'source'])
    .where('date', '=', date)
    .executeTakeFirst()
}

/** Adds the date; false (nothing written) if it is already on the list. */
export async function insertBankHoliday(
  db: Db,
  values: BankHolidayRecord & { createdAt: string },
): Promise<boolean> {
  // ON CONFLICT rather than a look-up first: two administrators adding the same
  // date at once must not turn the second into a unique-key failure.
  const result = await db
    .insertInto('bank_holiday')
    .values({
      date: values.date,
      title: values.title,
      source: values.source,
      created_at: values.createdAt,
    })
    .onConflict((oc) => oc.column('date').doNothing())
    .executeTakeFirst()
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n
}

export async function deleteBankHoliday(db: Db, date: string): Promise<boolean> {
  const result = await db.deleteFrom('bank_holiday').where('date', '=', date).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export interface StatutorySettingRecord {
  guidanceEdition: string
  key: string
  value: number
  version: number
}

export function listStatutorySettings(db: Db): Promise<StatutorySettingRecord[]> {
  return db
    .selectFrom('statutory_setting')
    .select(['guidance_edition as guidanceEdition', 'key', 'value', 'version'])
    .execute()
}

export async function upsertStatutorySetting(
  db: Db,
  values: { guidanceEdition: string; key: string; value: number; now: string },
): Promise<void> {
  await db
    .insertInto('statutory_setting')
    .values({
      guidance_edition: values.guidanceEdition,
      key: values.key,
      value: values.value,
      updated_at: values.now,
    })
    .onConflict((oc) =>
      oc.columns(['guidance_edition', 'key']).doUpdateSet((eb) => ({
        value: values.value,
        updated_at: values.now,
        version: eb('statutory_setting.version', '+', 1),
      })),
    )
    .execute()
}
