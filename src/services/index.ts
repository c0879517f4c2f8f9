// The composition root for use cases: builds every service once and hands them
// to the web app, the CLI and the tests, so all three run the same code.
import type { Db } from '../data/db.js'
import { AuditService } from './audit-service.js'
import { AuthService } from './auth-service.js'
import { BackupService } from './backup-service.js'
import { CalendarService } from './calendar-service.js'
import type { ServiceContext } from './context.js'
import { loadDemoData, type DemoDataSummary } from './demo-data/load-demo-data.js'
import { PartnershipService } from './partnership-service.js'
import { PublicLearningService } from './public-learning-service.js'
import { SessionService } from './session-service.js'
import { UserService } from './user-service.js'
import { verifyAuditTrail, type AuditVerification } from './audit-trail.js'

export interface Services {
  readonly audit: AuditService
  readonly auth: AuthService
  readonly backups: BackupService
  readonly users: UserService
  readonly calendar: CalendarService
  readonly sessions: SessionService
  readonly publicLearning: PublicLearningService
  readonly partnerships: PartnershipService
  loadDemoData(password: string): Promise<DemoDataSummary>
  verifyAuditTrail(): Promise<AuditVerification>
}

export function createServices(
  db: Db,
  now: () => Date = () => new Date(),
  dialect: 'sqlite' | 'postgres' = 'sqlite',
): Services {
  const context: ServiceContext = { db, now }
  const users = new UserService(context)
  return {
    audit: new AuditService(context),
    auth: new AuthService(context),
    backups: new BackupService(context, dialect),
    users,
    calendar: new CalendarService(context),
    sessions: new SessionService(context),
    publicLearning: new PublicLearningService(context),
    partnerships: new PartnershipService(context),
    loadDemoData: (password) => loadDemoData(context, users, password),
    verifyAuditTrail: () => verifyAuditTrail(db),
  }
}
