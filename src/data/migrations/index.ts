// Migrations are listed here rather than read from the folder, so they work the
// same under tsx, a bundler or a compiled build. Add new ones at the end; never
// edit one that has shipped.
import { type Migration, type MigrationProvider, Migrator } from 'kysely'
import type { Db } from '../db.js'
import * as foundation from './0001-foundation.js'
import * as documents from './0006-documents.js'
import * as calendarAndSettings from './0002-calendar-and-settings.js'
import * as incidentsAndRapidReviews from './0003-incidents-and-rapid-reviews.js'
import * as localReviews from './0004-local-reviews.js'
import * as singleSignOn from './0005-single-sign-on.js'
import * as calendarFeeds from './0007-calendar-feeds.js'
import * as accountSecurity from './0008-account-security.js'
import * as restrictedAccess from './0009-restricted-access.js'
import * as actionPlans from './0010-action-plans.js'
import * as incidentReferencesAndCorrections from './0011-incident-references-and-corrections.js'
import * as agencyList from './0015-agency-list.js'
import * as rapidReviewCorrections from './0012-rapid-review-corrections.js'
import * as reviewFindingsAndCorrections from './0013-review-findings-and-corrections.js'
import * as documentWithdrawal from './0014-document-withdrawal.js'
import * as chronologyAgencies from './0021-chronology-agencies.js'
import * as outboxAndJobs from './0019-outbox-and-jobs.js'
import * as sevenMinuteBriefings from './0018-seven-minute-briefings.js'
import * as publicSearch from './0017-public-search.js'
import * as reportVersionsAndRedaction from './0016-report-versions-and-redaction.js'
import * as actionEvidenceAndAssurance from './0020-action-evidence-and-assurance.js'
import * as publication from './0022-publication.js'
import * as searchAtScale from './0023-search-at-scale.js'
import * as childNhsNumber from './0025-child-nhs-number.js'
import * as themes from './0026-themes.js'
import * as learningEvents from './0027-learning-events.js'
import * as sharedRateLimits from './0031-shared-rate-limits.js'
import * as seenBeforeLinks from './0030-seen-before-links.js'
import * as deploymentAdministrators from './0032-deployment-administrators.js'
import * as staffSearch from './0028-staff-search.js'
import * as thematicBriefings from './0029-thematic-briefings.js'

const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-calendar-and-settings': calendarAndSettings,
  '0003-incidents-and-rapid-reviews': incidentsAndRapidReviews,
  '0004-local-reviews': localReviews,
  '0005-single-sign-on': singleSignOn,
  '0006-documents': documents,
  '0007-calendar-feeds': calendarFeeds,
  '0008-account-security': accountSecurity,
  '0009-restricted-access': restrictedAccess,
  '0010-action-plans': actionPlans,
  '0011-incident-references-and-corrections': incidentReferencesAndCorrections,
  '0015-agency-list': agencyList,
  '0012-rapid-review-corrections': rapidReviewCorrections,
  '0013-review-findings-and-corrections': reviewFindingsAndCorrections,
  '0014-document-withdrawal': documentWithdrawal,
  '0021-chronology-agencies': chronologyAgencies,
  '0019-outbox-and-jobs': outboxAndJobs,
  '0018-seven-minute-briefings': sevenMinuteBriefings,
  '0017-public-search': publicSearch,
  '0016-report-versions-and-redaction': reportVersionsAndRedaction,
  '0020-action-evidence-and-assurance': actionEvidenceAndAssurance,
  '0022-publication': publication,
  '0023-search-at-scale': searchAtScale,
  '0025-child-nhs-number': childNhsNumber,
  '0026-themes': themes,
  '0027-learning-events': learningEvents,
  '0031-shared-rate-limits': sharedRateLimits,
  '0030-seen-before-links': seenBeforeLinks,
  '0032-deployment-administrators': deploymentAdministrators,
  '0028-staff-search': staffSearch,
  '0029-thematic-briefings': thematicBriefings,
}

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) }

export async function migrateToLatest(db: Db): Promise<string[]> {
  // Features are built in parallel, each with the next free number, and land
  // in any order: a database that already ran a later-numbered migration still
  // takes an earlier one that arrives after it. Each migration stands alone.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    throw new Error(
      `Migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
      { cause: error },
    )
  }
  return (results ?? []).map((result) => result.migrationName)
}
