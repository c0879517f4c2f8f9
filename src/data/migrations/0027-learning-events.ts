// Learning events (issue 11): the business unit plans an event that teaches
// from the partnership's reviews; staff book places, a waiting list fills
// freed places, the organiser records who attended and attendees give
// feedback. Events are cancelled with a reason, never deleted. Themes are kept
// as slugs (free references) until the theme taxonomy lands beside them.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('learning_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // UTC instants; the form takes Europe/London wall-clock times.
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('online_link', 'text')
    .addColumn('capacity', 'integer', (c) => c.notNull())
    // 'planned' or 'cancelled'.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .addColumn('cancelled_reason', 'text')
    .addColumn('cancelled_by_name', 'text')
    // Moved on by every booking change: the UPDATE takes the event's row lock,
    // so two people booking the last place are served one after the other, and
    // its value orders the waiting list.
    .addColumn('booking_sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by_user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by_name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  await db.schema
    .createIndex('learning_event_partnership_index')
    .on('learning_event')
    .columns(['partnership_id', 'starts_at'])
    .execute()

  await db.schema
    .createTable('learning_event_review')
    .addColumn('event_id', 'text', (c) => c.notNull().references('learning_event.id'))
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addPrimaryKeyConstraint('learning_event_review_pk', ['event_id', 'review_id'])
    .execute()

  await db.schema
    .createTable('learning_event_agency')
    .addColumn('event_id', 'text', (c) => c.notNull().references('learning_event.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agency.id'))
    .addPrimaryKeyConstraint('learning_event_agency_pk', ['event_id', 'agency_id'])
    .execute()

  // Theme slugs as free references: the taxonomy is built separately (issue 11, "Themes").
  await db.schema
    .createTable('learning_event_theme')
    .addColumn('event_id', 'text', (c) => c.notNull().references('learning_event.id'))
    .addColumn('theme_slug', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('learning_event_theme_pk', ['event_id', 'theme_slug'])
    .execute()

  await db.schema
    .createTable('learning_event_booking')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('learning_event.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    // The agency the person came from: from their account, corrected at attendance.
    .addColumn('agency_id', 'text', (c) => c.references('agency.id'))
    // 'booked', 'waiting' or 'cancelled'.
    .addColumn('status', 'text', (c) => c.notNull())
    // The event's booking_sequence when the person last joined: waiting order.
    .addColumn('queue_position', 'integer', (c) => c.notNull())
    // null: not recorded yet; 1 attended; 0 did not attend.
    .addColumn('attended', 'integer')
    .addColumn('attendance_recorded_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    // One row per person and event: booking twice is the same booking.
    .addUniqueConstraint('learning_event_booking_person', ['event_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('learning_event_feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Once each: one feedback per booking.
    .addColumn('booking_id', 'text', (c) =>
      c.notNull().unique().references('learning_event_booking.id'),
    )
    .addColumn('usefulness', 'integer', (c) => c.notNull())
    .addColumn('will_do_differently', 'text', (c) => c.notNull())
    .addColumn('comments', 'text', (c) => c.notNull())
    .addColumn('given_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'learning_event_feedback',
    'learning_event_booking',
    'learning_event_theme',
    'learning_event_agency',
    'learning_event_review',
    'learning_event',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
