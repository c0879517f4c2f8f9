import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

/**
 * One identity provider for the whole deployment, in a single row whose id is
 * fixed ('deployment'): two administrators saving at once cannot create two.
 * The client secret is stored sealed (AES-256-GCM), never in clear.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('single_sign_on_setting')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('issuer_url', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret_sealed', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('single_sign_on_setting').ifExists().execute()
}
