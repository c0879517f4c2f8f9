// Table types as Kysely sees them. Both dialects store the same shapes:
// calendar dates as 'YYYY-MM-DD' text, timestamps as ISO 8601 UTC text, and
// flags as 0/1 integers, so the code and the tests are identical on each.
import type { Generated } from 'kysely'

export interface PartnershipTable {
  id: string
  slug: string
  name: string
  created_at: string
  version: Generated<number>
  /** Starts each incident's case reference, like WSCP (0011). */
  case_reference_prefix: Generated<string>
}

export interface AgencyTable {
  id: string
  partnership_id: string
  name: string
  kind: string
  created_at: string
  /** 0015-agency-list: renamed and retired by administrators, never deleted. */
  version: Generated<number>
  retired_on: string | null
  retired_reason: string | null
}

export interface AppUserTable {
  id: string
  email: string
  display_name: string
  password_hash: string | null
  is_active: number
  created_at: string
  version: Generated<number>
}

export interface MembershipTable {
  id: string
  user_id: string
  partnership_id: string
  role: string
  agency_id: string | null
  created_at: string
}

export interface ApiTokenTable {
  id: string
  user_id: string
  token_hash: string
  label: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

export interface UserSessionTable {
  session_hash: string
  user_id: string | null
  data: string
  expires_at: string
  created_at: string
  updated_at: string
}

export interface ReviewTable {
  id: string
  slug: string
  title: string
  kind: string
  guidance_edition: string
  lead_partnership_id: string
  child_pseudonym: string
  summary: string
  status: string
  published_on: string | null
  reviewer_names: string
  created_at: string
  updated_at: string
  version: Generated<number>
  // Reviews in progress (0004-local-reviews); null or default for published-only rows.
  methodology: string | null
  methodology_other: string | null
  decision_on: string | null
  terms_of_reference: Generated<string>
  rapid_review_id: string | null
  restricted: Generated<number>
  /** Restricted to its access list (0009-restricted-access). */
  access_restricted: Generated<number>
  started_on: string | null
  final_report_received_on: string | null
  created_by_user_id: string | null
  // The public site (0017-public-search): withdrawn before its "available
  // until" date (S15) with a reason, and when the public text was last replaced.
  withdrawn_at: string | null
  withdrawn_reason: string | null
  public_updated_on: string | null
}

export interface ReviewPartnershipTable {
  review_id: string
  partnership_id: string
}

export interface LearningPointTable {
  id: string
  review_id: string
  position: number
  text: string
  addressed_to_agency_id: string | null
  // Corrections (0013-review-findings-and-corrections): null on rows from before.
  version: Generated<number>
  updated_at: string | null
  created_by_user_id: string | null
  entered_in_error_at: string | null
  entered_in_error_reason: string | null
  entered_in_error_by_name: string | null
  /** Carried from this rapid review's finding (source_reference says which). */
  source_rapid_review_id: string | null
  source_reference: string | null
}

export interface RecommendationTable {
  id: string
  review_id: string
  position: number
  text: string
  /** The first agency addressed; recommendation_agency holds them all. */
  addressed_to_agency_id: string | null
  // Corrections (0013-review-findings-and-corrections): null on rows from before.
  version: Generated<number>
  updated_at: string | null
  created_by_user_id: string | null
  entered_in_error_at: string | null
  entered_in_error_reason: string | null
  entered_in_error_by_name: string | null
}

/** The agencies a recommendation is addressed to, of any partnership. */
export interface RecommendationAgencyTable {
  recommendation_id: string
  agency_id: string
}

/** How the family were invited to take part in the review, and what they said (S10). */
export interface ReviewFamilyInvolvementTable {
  review_id: string
  invited_on: string | null
  invited_how: string | null
  invited_by: string | null
  took_part: string
  family_views: string | null
  updated_at: string
  version: Generated<number>
}

export interface ContentSectionTable {
  id: string
  partnership_id: string
  key: string
  position: number
  heading: string
  body: string
  link_text: string | null
  link_url: string | null
  version: Generated<number>
}

export interface AuditEventTable {
  sequence: number
  id: string
  occurred_at: string
  actor_user_id: string | null
  actor_label: string
  action: string
  record_type: string
  record_id: string | null
  partnership_id: string | null
  summary: string
  previous_hash: string
  hash: string
}

export interface AuditChainHeadTable {
  id: number
  last_sequence: number
  last_hash: string
}

/** A theme of the learning library (issue 11); slugs are part of the API. */
export interface ThemeTable {
  id: string
  slug: string
  name: string
  description: string
  /** 1 for the starting set shipped with the product. */
  shipped: number
  retired_on: string | null
  created_at: string
  updated_at: string
  version: number
}

/** A theme a person put on a record (issue 11). */
export interface ThemeTagTable {
  id: string
  theme_id: string
  record_type: string
  record_id: string
  partnership_id: string
  tagged_at: string
  tagged_by: string | null
  tagged_by_name: string
}

/** A person's link from new learning to earlier learning it repeats (issue 11). */
export interface LearningLinkTable {
  id: string
  from_type: string
  from_id: string
  to_type: string
  to_id: string
  partnership_id: string
  linked_at: string
  linked_by: string | null
  linked_by_name: string
}

export interface BankHolidayTable {
  date: string
  title: string
  /** 'gov-uk' for the shipped list, 'administrator' for dates added later. */
  source: string
  created_at: string
}

/** Overrides of the rules' statutory periods, per guidance edition. */
export interface StatutorySettingTable {
  guidance_edition: string
  key: string
  value: number
  updated_at: string
  version: Generated<number>
}

/** A serious incident (S1–S5). Deadlines are computed on read, never stored. */
export interface IncidentTable {
  id: string
  partnership_id: string
  guidance_edition: string
  abuse_or_neglect: string
  harm: string
  looked_after: number
  care_leaver: number
  incident_on: string
  aware_on: string
  panel_notified_on: string | null
  ofsted_notified_on: string | null
  partners_notified_on: string | null
  secretary_of_state_notified_on: string | null
  place: string | null
  description: string | null
  notifying_authority: string | null
  home_authority: string | null
  notifier_name: string | null
  notifier_email: string | null
  notifier_phone: string | null
  state: string
  closed_on: string | null
  closed_reason: string | null
  restricted: number
  /** Restricted to its access list (0009-restricted-access). */
  access_restricted: Generated<number>
  created_by_user_id: string | null
  created_at: string
  updated_at: string
  version: Generated<number>
  /** WSCP-2026-014 (0011); null only before the migration backfilled it. */
  case_reference: string | null
  case_reference_year: number | null
  case_reference_number: number | null
  /** Marked entered in error (0011): kept, off every list, clock and count. */
  entered_in_error_at: string | null
  entered_in_error_reason: string | null
  entered_in_error_by_user_id: string | null
}

/** Next case reference number per partnership and year (0011). */
export interface CaseReferenceCounterTable {
  partnership_id: string
  year: number
  last_number: number
}

/** A one-time form token, spent by the record it created (0011). */
export interface FormSubmissionTable {
  token: string
  purpose: string
  record_type: string
  record_id: string
  user_id: string
  created_at: string
}

/** A child in an incident: the pseudonym, and restricted identity fields in their own columns. */
export interface IncidentChildTable {
  id: string
  incident_id: string
  position: number
  pseudonym: string
  age_years: number | null
  health_information: string | null
  restricted_name: string | null
  restricted_date_of_birth: string | null
  restricted_address: string | null
  restricted_la_reference: string | null
  /** 10 digits, no spaces (0025). */
  restricted_nhs_number: string | null
  version: Generated<number>
}

export interface RapidReviewTable {
  id: string
  incident_id: string
  partnership_id: string
  state: string
  started_on: string
  meeting_on: string | null
  meeting_attendees: string | null
  facts_established: string | null
  learning_identified: string | null
  decision: string | null
  decision_rationale: string | null
  decided_on: string | null
  sent_to_panel_on: string | null
  panel_response_on: string | null
  panel_agrees: number | null
  panel_national_review: number | null
  panel_response_notes: string | null
  created_at: string
  updated_at: string
  version: Generated<number>
}

export interface RapidReviewAgencyRequestTable {
  id: string
  rapid_review_id: string
  agency_id: string
  requested_on: string
  due_on: string
  received_on: string | null
  summary: string | null
  created_at: string
  updated_at: string
  version: Generated<number>
}

export interface RapidReviewSafetyActionTable {
  id: string
  rapid_review_id: string
  position: number
  action: string
  owner: string
  created_at: string
  version: Generated<number>
}

export interface RapidReviewCriterionTable {
  rapid_review_id: string
  criterion: string
  answer: string
  note: string | null
  updated_at: string
  version: Generated<number>
}

export interface RapidReviewSignOffTable {
  rapid_review_id: string
  partner: string
  signed_by_user_id: string | null
  signed_by_name: string
  signed_on: string
  signed_at: string
  version: Generated<number>
}

/** Each rapid review step's own version (issue 8): a change clashes only with the same step. */
export interface RapidReviewStepVersionTable {
  rapid_review_id: string
  step: string
  version: Generated<number>
}

/** A signature withdrawn or voided before sending, kept with why (issue 8). */
export interface RapidReviewEndedSignatureTable {
  id: string
  rapid_review_id: string
  partner: string
  signed_by_user_id: string | null
  signed_by_name: string
  signed_on: string
  ended_how: string
  changed: string | null
  ended_on: string
  ended_at: string
  ended_by_user_id: string | null
  notice_resolved_at: string | null
}

/** A partnership's rapid review timetable, in working days from awareness (S8, S21). */
export interface RapidReviewTimetableTable {
  partnership_id: string
  letters_working_day: number
  summaries_working_day: number
  meeting_from_working_day: number
  meeting_to_working_day: number
  sign_off_working_day: number
  updated_at: string
  version: Generated<number>
}

/** A reviewer named on a review (S10, S14); user_id links their account. */
export interface ReviewReviewerTable {
  id: string
  review_id: string
  name: string
  role: string
  organisation: string | null
  user_id: string | null
  created_at: string
}

export interface ReviewStageTable {
  review_id: string
  stage: string
  status: Generated<string>
  updated_at: string
  version: Generated<number>
  started_on: string | null
  completed_on: string | null
}

/** A monitoring checkpoint and its written request, if any (S11). */
export interface ReviewCheckpointTable {
  id: string
  review_id: string
  held_on: string
  observations: string | null
  request_kind: string | null
  request_detail: string | null
  requested_on: string | null
  request_due_on: string | null
  responded_on: string | null
  created_at: string
  version: Generated<number>
}

/** A delay from parallel proceedings and when the Panel and SoS were told (S12). */
export interface ReviewDelayTable {
  id: string
  review_id: string
  reason: string
  details: string
  identified_on: string
  panel_told_on: string | null
  secretary_of_state_told_on: string | null
  created_at: string
  version: Generated<number>
}

export interface ChronologyEntryTable {
  id: string
  review_id: string
  agency: string
  /** The list's agency (issue 8); null for an entry older than the list whose name matched none. */
  agency_id: string | null
  occurred_on: string
  occurred_at: string | null
  event: string
  source: string | null
  entered_by: string
  source_line: number | null
  created_by_user_id: string | null
  created_at: string
  version: Generated<number>
  updated_at: string | null
  entered_in_error_at: string | null
  entered_in_error_reason: string | null
  entered_in_error_by_name: string | null
}

export interface DocumentTable {
  id: string
  partnership_id: string
  record_type: string
  record_id: string
  file_name: string
  kind: string
  media_type: string
  size_bytes: number
  sha256: string
  content: Buffer
  extracted_text: string | null
  uploaded_by: string
  uploaded_at: string
  /** 0014-document-withdrawal: guards a withdrawal like any other change. */
  version: Generated<number>
  /** Withdrawn ("entered in error"): off every list and not served; kept, with who and why. */
  withdrawn_at: string | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
}

/** The deployment's one OpenID Connect identity provider (0005-single-sign-on). */
export interface SingleSignOnSettingTable {
  /** Always 'deployment': a single row. */
  id: string
  display_name: string
  issuer_url: string
  client_id: string
  /** AES-256-GCM, key from DATA_ENCRYPTION_KEY (src/services/secret-box.ts); never the plaintext. */
  client_secret_sealed: string
  enabled: number
  created_at: string
  updated_at: string
  version: Generated<number>
}

/** A user's calendar feed link (0007-calendar-feeds): only the secret's SHA-256 hash. */
export interface CalendarFeedTable {
  user_id: string
  token_hash: string
  created_at: string
  reset_at: string | null
  last_used_at: string | null
  version: Generated<number>
}

/** One person on a restricted record's access list (0009-restricted-access). */
export interface RecordAccessEntryTable {
  record_type: string
  record_id: string
  partnership_id: string
  user_id: string
  added_by_user_id: string | null
  added_at: string
}

/** Two-factor authentication and lockout state of one account (0008-account-security). */
export interface AccountSecurityTable {
  user_id: string
  /** AES-256-GCM, key from DATA_ENCRYPTION_KEY (src/services/secret-box.ts); never the plaintext. */
  totp_secret_sealed: string | null
  totp_enrolled_at: string | null
  /** The last 30-second step whose code was accepted: a code is never accepted twice. */
  totp_last_used_step: number | null
  pending_totp_secret_sealed: string | null
  pending_totp_created_at: string | null
  must_enrol: Generated<number>
  failed_attempts: Generated<number>
  last_failed_at: string | null
  locked_until: string | null
  updated_at: string
}

/** A one-time recovery code's SHA-256 hash (0008-account-security). */
export interface RecoveryCodeTable {
  id: string
  user_id: string
  code_hash: string
  created_at: string
  used_at: string | null
}

/** The deployment's two-factor setting, one row 'deployment' (0008-account-security). */
export interface AccountSecuritySettingTable {
  id: string
  require_two_factor_for_everyone: Generated<number>
  created_at: string
  updated_at: string
  version: Generated<number>
}

/** One action of an agency's action plan (0010-action-plans). */
export interface ActionTable {
  id: string
  review_id: string
  source_kind: string
  source_id: string
  agency_id: string
  description: string
  due_on: string
  status: string
  created_by_user_id: string | null
  created_at: string
  updated_at: string
  version: Generated<number>
  /** 0020: the due date before the first agreed change; null while never moved. */
  original_due_on: string | null
  /** 0020: the date the assurer will check again that the change has lasted. */
  recheck_on: string | null
  /** 0020: when it was last reported completed, and last assured (the dashboard's trend). */
  completed_at: string | null
  assured_at: string | null
}

/** Evidence on an action: a file (in `document`) or a link (0020). Withdrawn, never deleted. */
export interface ActionEvidenceTable {
  id: string
  action_id: string
  update_id: string | null
  kind: string
  document_id: string | null
  url: string | null
  added_by_user_id: string | null
  added_by_name: string
  added_at: string
  withdrawn_at: string | null
  withdrawn_by_name: string | null
  withdrawn_reason: string | null
  version: Generated<number>
}

/** An agency's request for a later due date and the business unit's decision (0020). */
export interface ActionDueDateRequestTable {
  id: string
  action_id: string
  current_due_on: string
  requested_on: string
  reason: string
  requested_by_user_id: string | null
  requested_by_name: string
  requested_at: string
  state: string
  decided_by_name: string | null
  decided_at: string | null
  decision_note: string | null
}

/** A progress update on an action, kept as written (0010-action-plans). */
export interface ActionUpdateTable {
  id: string
  action_id: string
  status: string
  note: string
  written_by_user_id: string | null
  written_by_name: string
  written_at: string
  /** 0020: an assurance's evidence of impact, what was checked and when to check again. */
  impact: Generated<string | null>
  checked: Generated<string | null>
  recheck_on: Generated<string | null>
}

/** A message waiting to be sent, sent, or failed (0019-outbox-and-jobs). */
export interface OutboxMessageTable {
  id: string
  idempotency_key: string
  kind: string
  partnership_id: string
  recipient_user_id: string | null
  recipient_email: string
  recipient_name: string
  subject: string
  text_body: string
  html_body: string
  message_id: string
  link: string
  status: string
  attempts: Generated<number>
  next_attempt_at: string
  lease_owner: string | null
  lease_expires_at: string | null
  last_error: string | null
  created_at: string
  sent_at: string | null
  failed_at: string | null
  version: Generated<number>
}

/** One run of a scheduled job, claimed with a lease (0019-outbox-and-jobs). */
export interface JobTable {
  id: string
  kind: string
  run_key: string
  due_at: string
  status: string
  attempts: Generated<number>
  lease_owner: string | null
  lease_expires_at: string | null
  last_error: string | null
  result: string | null
  created_at: string
  finished_at: string | null
}

/** A person's choice of reminders: each one, or the weekly digest only (0019). */
export interface MailPreferenceTable {
  user_id: string
  digest_only: Generated<number>
  updated_at: string
  version: Generated<number>
}

/** A review's seven-minute briefing (0018-seven-minute-briefings). */
export interface BriefingTable {
  id: string
  /** The review of a seven-minute briefing; null for a thematic one (0029-thematic-briefings). */
  review_id: string | null
  background: string
  why_it_matters: string
  what_happened: string
  what_we_learned: string
  what_to_do: string
  questions: string
  further_information: string
  status: string
  published_at: string | null
  published_by_name: string | null
  withdrawn_at: string | null
  withdrawn_reason: string | null
  withdrawn_by_name: string | null
  created_by_user_id: string | null
  created_at: string
  updated_at: string
  updated_by_name: string
  version: Generated<number>
  // Thematic briefings (0029-thematic-briefings).
  /** 'seven-minute' or 'thematic'. */
  kind: Generated<string>
  partnership_id: string | null
  title: string | null
  slug: string | null
  period_from: string | null
  period_to: string | null
  why_held: Generated<string>
  risk_factors: Generated<string>
  learning_for_practice: Generated<string>
}

/** A review a thematic briefing cites, and the label its items cite it by (0029). */
export interface BriefingSourceTable {
  briefing_id: string
  review_id: string
  position: number
  label: string
}

/** A team's record that it used a briefing (0018-seven-minute-briefings). */
export interface BriefingUseTable {
  id: string
  briefing_id: string
  team: string
  agency_id: string
  used_on: string
  staff_count: number
  agreed_actions: string
  recorded_by_user_id: string | null
  recorded_by_name: string
  recorded_at: string
  entered_in_error_at: string | null
  entered_in_error_reason: string | null
}

/** A version of a review's report (0016): the file is a `document` row. */
export interface ReportVersionTable {
  id: string
  review_id: string
  partnership_id: string
  number: number
  document_id: string
  note: string | null
  checked_at: string | null
  terms_checked: Generated<number>
  uploaded_by: string
  uploaded_at: string
  withdrawn_at: string | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
  version: Generated<number>
}

/** Text of a report version, where a reader finds it (S17). */
export interface ReportVersionTextTable {
  id: string
  report_version_id: string
  position: number
  location: string
  page: number | null
  text: string
}

/** One hit of the redaction check: a masked excerpt, never the value found. */
export interface RedactionHitTable {
  id: string
  report_version_id: string
  position: number
  kind: string
  term_ref: string | null
  warning: number
  location: string
  page: number | null
  excerpt: string
  dismissed_at: string | null
  dismissed_by: string | null
  dismissed_reason: string | null
  version: Generated<number>
}

/** A review's "names and details not to publish": the value is restricted. */
export interface ReviewProtectedDetailTable {
  id: string
  review_id: string
  kind: string
  description: string
  restricted_value: string
  added_by: string
  added_at: string
  withdrawn_at: string | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
  version: Generated<number>
}

/** A review's publication plan (0022-publication, S13–S16). */
export interface PublicationPlanTable {
  review_id: string
  planned_on: string | null
  scope: string
  scope_reason: string | null
  look_again_on: string | null
  reviewer_names: string
  sent_to_panel_on: string | null
  sent_to_secretary_of_state_on: string | null
  sent_to_ofsted_on: string | null
  updated_at: string
  updated_by_name: string
  version: Generated<number>
}

/** A report version made public (0022-publication): its safe copy is a `document` row. */
export interface ReportPublicationTable {
  id: string
  review_id: string
  report_version_id: string
  public_document_id: string
  scope: string
  published_on: string
  available_until: string
  published_at: string
  published_by: string
  published_by_name: string
  removed: string
  replaced_at: string | null
  replaced_by_id: string | null
  taken_down_at: string | null
  taken_down_by: string | null
  taken_down_reason: string | null
  version: Generated<number>
}

/** Deployment administrators (0032): above the partnerships, with no role in any. */
export interface DeploymentAdministratorTable {
  user_id: string
  created_at: string
}

export interface Database {
  rate_limit_counter: RateLimitCounterTable
  partnership: PartnershipTable
  deployment_administrator: DeploymentAdministratorTable
  agency: AgencyTable
  app_user: AppUserTable
  membership: MembershipTable
  api_token: ApiTokenTable
  user_session: UserSessionTable
  review: ReviewTable
  review_partnership: ReviewPartnershipTable
  learning_point: LearningPointTable
  recommendation: RecommendationTable
  recommendation_agency: RecommendationAgencyTable
  review_family_involvement: ReviewFamilyInvolvementTable
  content_section: ContentSectionTable
  audit_event: AuditEventTable
  audit_chain_head: AuditChainHeadTable
  bank_holiday: BankHolidayTable
  theme: ThemeTable
  theme_tag: ThemeTagTable
  learning_link: LearningLinkTable
  document: DocumentTable
  action_evidence: ActionEvidenceTable
  action_due_date_request: ActionDueDateRequestTable
  statutory_setting: StatutorySettingTable
  incident: IncidentTable
  incident_child: IncidentChildTable
  rapid_review: RapidReviewTable
  rapid_review_agency_request: RapidReviewAgencyRequestTable
  rapid_review_safety_action: RapidReviewSafetyActionTable
  rapid_review_criterion: RapidReviewCriterionTable
  rapid_review_sign_off: RapidReviewSignOffTable
  rapid_review_step_version: RapidReviewStepVersionTable
  rapid_review_ended_signature: RapidReviewEndedSignatureTable
  rapid_review_timetable: RapidReviewTimetableTable
  review_reviewer: ReviewReviewerTable
  review_stage: ReviewStageTable
  review_checkpoint: ReviewCheckpointTable
  review_delay: ReviewDelayTable
  chronology_entry: ChronologyEntryTable
  single_sign_on_setting: SingleSignOnSettingTable
  account_security: AccountSecurityTable
  recovery_code: RecoveryCodeTable
  account_security_setting: AccountSecuritySettingTable
  record_access_entry: RecordAccessEntryTable
  calendar_feed: CalendarFeedTable
  action: ActionTable
  action_update: ActionUpdateTable
  case_reference_counter: CaseReferenceCounterTable
  form_submission: FormSubmissionTable
  outbox_message: OutboxMessageTable
  job: JobTable
  mail_preference: MailPreferenceTable
  briefing: BriefingTable
  briefing_use: BriefingUseTable
  briefing_source: BriefingSourceTable
  public_search_document: PublicSearchDocumentTable
  staff_search_document: StaffSearchDocumentTable
  report_version: ReportVersionTable
  report_version_text: ReportVersionTextTable
  redaction_hit: RedactionHitTable
  review_protected_detail: ReviewProtectedDetailTable
  publication_plan: PublicationPlanTable
  report_publication: ReportPublicationTable
  learning_event: LearningEventTable
  learning_event_review: LearningEventReviewTable
  learning_event_agency: LearningEventAgencyTable
  learning_event_theme: LearningEventThemeTable
  learning_event_booking: LearningEventBookingTable
  learning_event_feedback: LearningEventFeedbackTable
}

/** A planned learning event (0027-learning-events). */
export interface LearningEventTable {
  id: string
  partnership_id: string
  title: string
  description: string
  starts_at: string
  ends_at: string
  place: string | null
  online_link: string | null
  capacity: number
  status: string
  cancelled_at: string | null
  cancelled_reason: string | null
  cancelled_by_name: string | null
  booking_sequence: Generated<number>
  created_by_user_id: string | null
  created_at: string
  updated_at: string
  updated_by_name: string
  version: Generated<number>
}

export interface LearningEventReviewTable {
  event_id: string
  review_id: string
}

export interface LearningEventAgencyTable {
  event_id: string
  agency_id: string
}

/** Theme slugs as free references until the taxonomy lands (issue 11). */
export interface LearningEventThemeTable {
  event_id: string
  theme_slug: string
}

export interface LearningEventBookingTable {
  id: string
  event_id: string
  user_id: string
  agency_id: string | null
  status: string
  queue_position: number
  attended: number | null
  attendance_recorded_at: string | null
  created_at: string
  updated_at: string
  version: Generated<number>
}

export interface LearningEventFeedbackTable {
  id: string
  booking_id: string
  usefulness: number
  will_do_differently: string
  comments: string
  given_at: string
}

/**
 * Published text the public can search (0017-public-search). On SQLite an FTS5
 * table follows it; on PostgreSQL it has generated tsvector columns, left out
 * here because nothing writes them.
 */
export interface PublicSearchDocumentTable {
  id: string
  /** 'review' (summary, learning points, recommendations), 'report', 'briefing'. */
  source_kind: string
  source_id: string
  review_id: string
  title: string
  body: string
  url: string
  published_on: string | null
  indexed_at: string
}

/** One client's attempts at one rate-limited route in its current window (0031-shared-rate-limits). */
export interface RateLimitCounterTable {
  key: string
  hits: number
  window_ends_at: string
}

/**
 * Text staff may search (0028-staff-search): learning points, recommendations,
 * rapid review findings, report versions and briefings, published or not. Who
 * may see each is decided in the query from the live records, never stored here.
 */
export interface StaffSearchDocumentTable {
  id: string
  /** 'learning-point', 'recommendation', 'rapid-review-finding', 'report' or 'briefing'. */
  source_kind: string
  /** The record: a finding, a report version, a briefing, or the rapid review. */
  source_id: string
  /** The partnership the record belongs to (a review's lead partnership). */
  partnership_id: string
  review_id: string | null
  rapid_review_id: string | null
  title: string
  body: string
  /** The review's publication (or start) date, or the rapid review's: the year filter. */
  dated_on: string | null
  /** Its page for staff who may open the record. */
  url: string
  /** Its public page, once published. */
  public_url: string | null
  /** SHA-256 of the title and text: unchanged text is not indexed again. */
  text_hash: string
  indexed_at: string
}
