import { type Kysely, sql } from 'kysely'
import { isPostgres } from './dialect.js'

// Kysely migrations are untyped by design: the schema changes under them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('partnership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('agency')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('agency_partnership_name_unique', ['partnership_id', 'name'])
    .execute()

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('membership')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.references('agency.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('membership_user_partnership_role_unique', [
      'user_id',
      'partnership_id',
      'role',
    ])
    .execute()

  await db.schema
    .createTable('api_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute()

  await db.schema
    .createTable('user_session')
    .addColumn('session_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('app_user.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('user_session_expires_idx')
    .on('user_session')
    .column('expires_at')
    .execute()

  await db.schema
    .createTable('review')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('guidance_edition', 'text', (c) => c.notNull())
    .addColumn('lead_partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('child_pseudonym', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text')
    .addColumn('reviewer_names', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('review_partnership')
    .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addPrimaryKeyConstraint('review_partnership_pk', ['review_id', 'partnership_id'])
    .execute()

  for (const table of ['learning_point', 'recommendation']) {
    await db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('review_id', 'text', (c) => c.notNull().references('review.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('addressed_to_agency_id', 'text', (c) => c.references('agency.id'))
      .addUniqueConstraint(`${table}_review_position_unique`, ['review_id', 'position'])
      .execute()
  }

  await db.schema
    .createTable('content_section')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnership.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('heading', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link_text', 'text')
    .addColumn('link_url', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('content_section_partnership_key_unique', ['partnership_id', 'key'])
    .execute()

  await db.schema
    .createTable('audit_event')
    .addColumn('sequence', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text')
    .addColumn('partnership_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('previous_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('audit_event_record_idx')
    .on('audit_event')
    .columns(['record_type', 'record_id'])
    .execute()

  // The chain head is one row that every audit write updates: the row lock
  // serialises writers, so two transactions can never both extend the same link.
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_sequence', 'integer', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute()
  await db
    .insertInto('audit_chain_head')
    .values({ id: 1, last_sequence: 0, last_hash: 'genesis' })
    .execute()

  // Append-only: the database itself refuses to change or remove an audit event.
  if (isPostgres(db)) {
    await sql`
      create function audit_event_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only';
      end;
      $$`.execute(db)
    await sql`
      create trigger audit_event_no_update_or_delete
      before update or delete on audit_event
      for each row execute function audit_event_is_append_only()`.execute(db)
    await sql`
      create trigger audit_event_no_truncate
      before truncate on audit_event
      for each statement execute function audit_event_is_append_only()`.execute(db)
  } else {
    await sql`
      create trigger audit_event_no_update
      before update on audit_event
      begin select raise(abort, 'audit_event is append-only'); end`.execute(db)
    await sql`
      create trigger audit_event_no_delete
      before delete on audit_event
      begin select raise(abort, 'audit_event is append-only'); end`.execute(db)
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'audit_chain_head',
    'audit_event',
    'content_section',
    'recommendation',
    'learning_point',
    'review_partnership',
    'review',
    'user_session',
    'api_token',
    'membership',
    'app_user',
    'agency',
    'partnership',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
  if (isPostgres(db)) await sql`drop function if exists audit_event_is_append_only`.execute(db)
}
