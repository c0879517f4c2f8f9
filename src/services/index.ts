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
import { MembershipAgencyService } from './agencies/membership-agency-service.js'
import { AuditService } from './audit-service.js'
import { AuthService } from './auth-service.js'
import { BriefingService, publicBriefingLinkOf } from './briefings/briefing-service.js'
import { ThematicBriefingService } from './briefings/thematic-briefing-service.js'
import { LearningEventService } from './learning-events/learning-event-service.js'
import { BackupService } from './backup-service.js'
import { CalendarService } from './calendar-service.js'
import { DataKeyRotationService } from './data-key-rotation-service.js'
import { DocumentService } from './document-service.js'
import type { ServiceContext } from './context.js'
import { loadDemoData, type DemoDataSummary } from './demo-data/load-demo-data.js'
import { IncidentService } from './incident-service.js'
import { PartnershipService } from './partnership-service.js'
import { DeploymentService } from './partnerships/deployment-service.js'
import { PublicLearningService } from './public-site/public-learning-service.js'
import { PublicSearchService } from './public-site/public-search-service.js'
import { ProtectedDetailService } from './publishing/protected-detail-service.js'
import { RedactionCheckService } from './publishing/redaction-check-service.js'
import { ReportVersionService } from './publishing/report-version-service.js'
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
import { SmtpMailer } from '../integrations/mail/smtp-mailer.js'
import { JobService } from './jobs/job-service.js'
import { RateLimitService } from './rate-limits/rate-limit-service.js'
import { MailPreferenceService } from './mail/mail-preference-service.js'
import type { MailSettings } from './mail/outbox.js'
import { OutboxService } from './mail/outbox-service.js'
import { ReminderService } from './mail/reminder-service.js'
import { verifyAuditTrail, type AuditVerification } from './audit-trail.js'
import { PublicationService } from './publishing/publication-service.js'
import { ThemeService } from './learning/theme-service.js'
import { ThemeTagService } from './learning/theme-tag-service.js'
import { SeenBeforeService } from './learning/seen-before-service.js'
import { RecurringThemeService } from './learning/recurring-theme-service.js'
import { StaffSearchService } from './learning/staff-search-service.js'
import { makePublicCopy } from '../integrations/documents/public-copy.js'

export interface Services {
  readonly accountSecurity: AccountSecurityService
  readonly actionPlans: ActionPlanService
  readonly agencies: AgencyService
  readonly accountAgencies: MembershipAgencyService
  readonly audit: AuditService
  readonly auth: AuthService
  readonly backups: BackupService
  /** Seven-minute briefings and the records of their use (issue 9). */
  readonly briefings: BriefingService
  /** Thematic briefings: several reviews' learning on themes over a period (issue 11). */
  readonly thematicBriefings: ThematicBriefingService
  readonly learningEvents: LearningEventService
  readonly users: UserService
  readonly calendar: CalendarService
  readonly dataKeys: DataKeyRotationService
  readonly documents: DocumentService
  readonly sessions: SessionService
  readonly publicLearning: PublicLearningService
  /** Search of published text, and the index publishing keeps (issue 9). */
  readonly publicSearch: PublicSearchService
  readonly partnerships: PartnershipService
  /** Many partnerships in one deployment (issue 12): its administrators' work. */
  readonly deployment: DeploymentService
  readonly incidents: IncidentService
  readonly rapidReviews: RapidReviewService
  readonly reviews: ReviewService
  /** Learning points and recommendations of reviews in progress (issue 8). */
  readonly reviewFindings: ReviewFindingsService
  /** A review's report versions and the redaction check on each (issue 9, S17). */
  readonly reportVersions: ReportVersionService
  /** The publication plan, publishing, replacing and taking down (issue 9, S13–S17). */
  readonly publication: PublicationService
  /** A review's names and details not to publish: restricted values (issue 9). */
  readonly protectedDetails: ProtectedDetailService
  /** The redaction check of a document that is not stored (issue 9). */
  readonly redactionChecks: RedactionCheckService
  /** The theme taxonomy, tags and theme suggestions (issue 11). */
  readonly themes: ThemeService
  /** Themes people put on reviews and their findings (issue 11). */
  readonly themeTags: ThemeTagService
  /** "We have seen this before": earlier learning a new item repeats, and links to it (issue 11). */
  readonly seenBefore: SeenBeforeService
  /** Themes found in two or more of a partnership's reviews (issue 11). */
  readonly recurringThemes: RecurringThemeService
  readonly staffSearch: StaffSearchService
  readonly recordAccess: RecordAccessService
  readonly statutoryClocks: StatutoryClocksService
  readonly calendarFeeds: CalendarFeedService
  readonly singleSignOn: SingleSignOnService
  /** "Your tasks" and the rapid reviews list (issue 8). */
  readonly tasks: TasksService
  /** Mail (issue 10): the outbox and its worker, reminders and digests, people's choice. */
  readonly outbox: OutboxService
  readonly reminders: ReminderService
  readonly mailPreferences: MailPreferenceService
  /** The scheduler's runs and leases (issue 10). */
  readonly jobs: JobService
  /** Attempts at rate-limited routes, counted in the database for every instance (issue 12). */
  readonly rateLimits: RateLimitService
  /**
   * The services' clock. Web code that compares times with what a service
   * stamped (an identity unlock's end) reads this, never the wall clock, so both
   * sides agree when a test sets the clock.
   */
  now(): Date
  loadDemoData(password: string): Promise<DemoDataSummary>
  verifyAuditTrail(): Promise<AuditVerification>
}

export interface MailOptions extends MailSettings {
  /** SMTP_URL; null: messages wait in the outbox. */
  readonly smtpUrl: string | null
  readonly from: string
}

export const DEFAULT_MAIL_OPTIONS: MailOptions = {
  smtpUrl: null,
  from: 'Safeguarding practice reviews <no-reply@localhost>',
  publicUrl: 'http://localhost:3000',
  serviceName: 'Safeguarding practice reviews',
  reminderWorkingDays: [10, 2],
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
  // Where mail goes and what its links point at (issue 10).
  mail: MailOptions = DEFAULT_MAIL_OPTIONS,
): Services {
  const context: ServiceContext = { db, now }
  const users = new UserService(context)
  const secretBox = (purpose: string) =>
    new SecretBox(secrets.dataEncryptionKey, purpose, secrets.previousDataEncryptionKeys)
  const accountSecurity = new AccountSecurityService(context, {
    secretBox: secretBox(SEALED_PURPOSES.twoFactorSecret),
    options: security,
  })
  const reportVersions = new ReportVersionService(context)
  const publication = new PublicationService(context, reportVersions, makePublicCopy)
  const calendar = new CalendarService(context)
  return {
    accountSecurity,
    actionPlans: new ActionPlanService(context),
    agencies: new AgencyService(context),
    accountAgencies: new MembershipAgencyService(context),
    audit: new AuditService(context),
    auth: new AuthService(context, accountSecurity),
    backups: new BackupService(context, dialect),
    briefings: new BriefingService(context),
    thematicBriefings: new ThematicBriefingService(context),
    learningEvents: new LearningEventService(context, mail),
    users,
    calendar,
    dataKeys: new DataKeyRotationService(context),
    documents: new DocumentService(context),
    sessions: new SessionService(context, security.sessionLimits),
    // Publishing plugs into the public review page: its briefing (issue 9).
    publicLearning: new PublicLearningService(context, {
      downloadsOf: (db, reviewId) => publication.publicDownloadsOf(db, reviewId),
      briefingOf: publicBriefingLinkOf,
    }),
    publicSearch: new PublicSearchService(context),
    partnerships: new PartnershipService(context),
    deployment: new DeploymentService(context),
    incidents: new IncidentService(context),
    rapidReviews: new RapidReviewService(context),
    reviews: new ReviewService(context),
    reviewFindings: new ReviewFindingsService(context),
    reportVersions,
    publication,
    protectedDetails: new ProtectedDetailService(context),
    redactionChecks: new RedactionCheckService(context),
    themes: new ThemeService(context),
    themeTags: new ThemeTagService(context),
    seenBefore: new SeenBeforeService(context),
    recurringThemes: new RecurringThemeService(context),
    staffSearch: new StaffSearchService(context, () => calendar.today()),
    recordAccess: new RecordAccessService(context),
    statutoryClocks: new StatutoryClocksService(context),
    calendarFeeds: new CalendarFeedService(context),
    singleSignOn: new SingleSignOnService(context, {
      secretBox: secretBox(SEALED_PURPOSES.singleSignOnClientSecret),
      oidc: new OpenIdConnectClient(),
      accountSecurity,
    }),
    tasks: new TasksService(context),
    outbox: new OutboxService(
      context,
      mail.smtpUrl === null ? null : new SmtpMailer(mail.smtpUrl, mail.from),
    ),
    reminders: new ReminderService(context, mail),
    mailPreferences: new MailPreferenceService(context),
    jobs: new JobService(context),
    rateLimits: new RateLimitService(context),
    now,
    loadDemoData: (password) => loadDemoData(context, users, password),
    verifyAuditTrail: () => verifyAuditTrail(db),
  }
}
