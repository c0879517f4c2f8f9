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
}

export interface AgencyTable {
  id: string
  partnership_id: string
  name: string
  kind: string
  created_at: string
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
}

export interface RecommendationTable {
  id: string
  review_id: string
  position: number
  text: string
  addressed_to_agency_id: string | null
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

export interface Database {
  partnership: PartnershipTable
  agency: AgencyTable
  app_user: AppUserTable
  membership: MembershipTable
  api_token: ApiTokenTable
  user_session: UserSessionTable
  review: ReviewTable
  review_partnership: ReviewPartnershipTable
  learning_point: LearningPointTable
  recommendation: RecommendationTable
  content_section: ContentSectionTable
  audit_event: AuditEventTable
  audit_chain_head: AuditChainHeadTable
  bank_holiday: BankHolidayTable
  statutory_setting: StatutorySettingTable
}
