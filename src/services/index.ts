// The composition root for use cases: builds every service once and hands them
// to the web app, the CLI and the tests, so all three run the same code.
import { randomBytes } from 'node:crypto'
import type { Db } from '../data/db.js'
import { OpenIdConnectClient } from '../integrations/oidc/openid-connect-client.js'
import {
  AccountSecurityService,
  DEFAULT_SECURITY_OPTIONS,
  type SecurityOptions,
} from './account-security-service.js'
import { ActionPlanService } from './actions/action-plan-service.js'
import { AgencyService } from './agencies/agency-service.js'
import { AuditService } from './audit-service.js'
import { AuthService } from './auth-service.js'
import { BackupService } from './backup-service.js'
import { CalendarService } from './calendar-service.js'
import { DataKeyRotationService } from './data-key-rotation-service.js'
import { DocumentService } from './document-service.js'
import type { ServiceContext } from './context.js'
import { loadDemoData, type DemoDataSummary } from './demo-data/load-demo-data.js'
import { IncidentService } from './incident-service.js'
import { PartnershipService } from './partnership-service.js'
import { PublicLearningService } from './public-learning-service.js'
import { RapidReviewService } from './rapid-review-service.js'
import { RecordAccessService } from './record-access-service.js'
import { ReviewFindingsService } from './review-findings-service.js'
import { ReviewService } from './review-service.js'
import { CalendarFeedService } from './calendar-feed-service.js'
import { StatutoryClocksService } from './statutory-clocks-service.js'
import { SEALED_PURPOSES, SecretBox } from './secret-box.js'
import { SessionService } from './session-service.js'
import { SingleSignOnService } from './single-sign-on-service.js'
import { TasksService } from './tasks/tasks-service.js'
import { UserService } from './user-service.js'
import { verifyAuditTrail, type AuditVerification } from './audit-trail.js'

export interface Services {
  readonly accountSecurity: AccountSecurityService
  readonly actionPlans: ActionPlanService
  readonly agencies: AgencyService
  readonly audit: AuditService
  readonly auth: AuthService
  readonly backups: BackupService
  readonly users: UserService
  readonly calendar: CalendarService
  readonly dataKeys: DataKeyRotationService
  readonly documents: DocumentService
  readonly sessions: SessionService
  readonly publicLearning: PublicLearningService
  readonly partnerships: PartnershipService
  readonly incidents: IncidentService
  readonly rapidReviews: RapidReviewService
  readonly reviews: ReviewService
  /** Learning points and recommendations of reviews in progress (issue 8). */
  readonly reviewFindings: ReviewFindingsService
  readonly recordAccess: RecordAccessService
  readonly statutoryClocks: StatutoryClocksService
  readonly calendarFeeds: CalendarFeedService
  readonly singleSignOn: SingleSignOnService
  /** "Your tasks" and the rapid reviews list (issue 8). */
  readonly tasks: TasksService
  /**
   * The services' clock. Web code that compares times with what a service
   * stamped (an identity unlock's end) reads this, never the wall clock, so both
   * sides agree when a test sets the clock.
   */
  now(): Date
  loadDemoData(password: string): Promise<DemoDataSummary>
  verifyAuditTrail(): Promise<AuditVerification>
}

export function createServices(
  db: Db,
  now: () => Date = () => new Date(),
  dialect: 'sqlite' | 'postgres' = 'sqlite',
  // DATA_ENCRYPTION_KEY (and PREVIOUS_DATA_ENCRYPTION_KEY), from which the keys
  // that seal stored secrets are derived. A random one means sealed secrets last
  // only as long as this process.
  secrets: { dataEncryptionKey: string; previousDataEncryptionKeys?: readonly string[] } = {
    dataEncryptionKey: randomBytes(32).toString('base64url'),
  },
  // Two-factor and session settings from the configuration (issue 4).
  security: SecurityOptions = DEFAULT_SECURITY_OPTIONS,
): Services {
  const context: ServiceContext = { db, now }
  const users = new UserService(context)
  const secretBox = (purpose: string) =>
    new SecretBox(secrets.dataEncryptionKey, purpose, secrets.previousDataEncryptionKeys)
  const accountSecurity = new AccountSecurityService(context, {
    secretBox: secretBox(SEALED_PURPOSES.twoFactorSecret),
    options: security,
  })
  return {
    accountSecurity,
    actionPlans: new ActionPlanService(context),
    agencies: new AgencyService(context),
    audit: new AuditService(context),
    auth: new AuthService(context, accountSecurity),
    backups: new BackupService(context, dialect),
    users,
    calendar: new CalendarService(context),
    dataKeys: new DataKeyRotationService(context),
    documents: new DocumentService(context),
    sessions: new SessionService(context, security.sessionLimits),
    publicLearning: new PublicLearningService(context),
    partnerships: new PartnershipService(context),
    incidents: new IncidentService(context),
    rapidReviews: new RapidReviewService(context),
    reviews: new ReviewService(context),
    reviewFindings: new ReviewFindingsService(context),
    recordAccess: new RecordAccessService(context),
    statutoryClocks: new StatutoryClocksService(context),
    calendarFeeds: new CalendarFeedService(context),
    singleSignOn: new SingleSignOnService(context, {
      secretBox: secretBox(SEALED_PURPOSES.singleSignOnClientSecret),
      oidc: new OpenIdConnectClient(),
      accountSecurity,
    }),
    tasks: new TasksService(context),
    now,
    loadDemoData: (password) => loadDemoData(context, users, password),
    verifyAuditTrail: () => verifyAuditTrail(db),
  }
}
