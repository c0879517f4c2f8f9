// One-time form tokens (issue 8): a create form carries a token; the service
// stores it with the record it created, in the same transaction, so the same
// form submitted again (the Back button, a resubmission, a second tab, a double
// click that got through) finds what the first submission recorded instead of
// recording it twice. The token is the primary key: of two submissions at once,
// one commits and the other fails on the key and then finds the first.
import type { Db } from '../db.js'

export interface FormSubmission {
  readonly token: string
  readonly purpose: string
  readonly recordType: string
  readonly recordId: string
}

export async function findFormSubmission(
  db: Db,
  token: string,
  purpose: string,
): Promise<FormSubmission | undefined> {
  const row = await db
    .selectFrom('form_submission')
    .select(['token', 'purpose', 'record_type', 'record_id'])
    .where('token', '=', token)
    .where('purpose', '=', purpose)
    .executeTakeFirst()
  return row
    ? {
        token: row.token,
        purpose: row.purpose,
        recordType: row.record_type,
        recordId: row.record_id,
      }
    : undefined
}

/** Spends the token on the record; throws (a key violation) if it was already spent. */
export async function insertFormSubmission(
  db: Db,
  values: FormSubmission & { userId: string; createdAt: string },
): Promise<void> {
  await db
    .insertInto('form_submission')
    .values({
      token: values.token,
      purpose: values.purpose,
      record_type: values.recordType,
      record_id: values.recordId,
      user_id: values.userId,
      created_at: values.createdAt,
    })
    .execute()
}
