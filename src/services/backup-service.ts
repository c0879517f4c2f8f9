import {
  BackupError,
  isSqliteBackupName,
  restoreBackup,
  writeBackup,
  writeSqliteOnlineBackup,
  type BackupHeader,
} from '../data/backup.js'
import { recordAudit } from './audit-trail.js'
import type { AuditActor, ServiceContext } from './context.js'

/** Backup and restore for operators (the CLI); each is recorded in the audit trail. */
export class BackupService {
  constructor(
    private readonly context: ServiceContext,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /**
   * A JSON-lines backup of every table (either database, restorable into
   * either); or, for a file named `.sqlite`, `.sqlite3` or `.db` on SQLite, a
   * copy made with SQLite's online backup API.
   */
  async backup(file: string, by: AuditActor): Promise<BackupHeader> {
    const { db, now } = this.context
    const sqliteCopy = isSqliteBackupName(file)
    if (sqliteCopy && this.dialect !== 'sqlite') {
      throw new BackupError(
        'A .sqlite copy can only be made of an SQLite database: back up PostgreSQL to a .jsonl file',
      )
    }
    const header = sqliteCopy
      ? await writeSqliteOnlineBackup(db, file)
      : await writeBackup(db, this.dialect, file, now())
    const rows = header.tables.reduce((sum, table) => sum + table.rows, 0)
    await db.transaction().execute((trx) =>
      recordAudit(trx, now(), {
        actor: by,
        action: 'backup.created',
        recordType: 'database',
        recordId: null,
        partnershipId: null,
        after: {
          tables: header.tables.length,
          rows,
          ...(sqliteCopy ? { method: 'sqlite-online-backup' } : {}),
        },
      }),
    )
    return header
  }

  async restore(file: string, by: AuditActor): Promise<BackupHeader> {
    const { db, now } = this.context
    const header = await restoreBackup(db, this.dialect, file)
    await db.transaction().execute((trx) =>
      recordAudit(trx, now(), {
        actor: by,
        action: 'backup.restored',
        recordType: 'database',
        recordId: null,
        partnershipId: null,
        after: { backupCreatedAt: header.createdAt, fromDialect: header.dialect },
      }),
    )
    return header
  }
}
