// Many partnerships in one deployment (issue 12): a deployment administrator
// stands above the partnerships' own administrators. They create partnerships,
// their agencies and first administrators, and nothing else: holding this grants
// no role in any partnership, so it opens none of a partnership's records. It is
// its own table, not a membership, because a membership always belongs to one
// partnership.
import type { Kysely } from 'kysely'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('deployment_administrator')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('deployment_administrator').execute()
}
