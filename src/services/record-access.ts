// The one visibility check for incidents (with their rapid reviews) and
// reviews, as the services, the API, document downloads and the statutory
// clocks dashboard apply it. The decision itself is the policy's
// (`recordAccess`); this module reads the access lists it needs and audits an
// administrator's opening of a restricted record.
import type { Db } from '../data/db.js'
import {
  accessListsOf,
  findAccessOwner,
  insertAccessEntry,
  markAccessRestricted,
  type AccessListRecordType,
} from '../data/repositories/record-access-repository.js'
import { findReviewWork } from '../data/repositories/review-work-repository.js'
import {
  canEditReview,
  recordAccess,
  reviewRecordScope,
  type RecordAccess,
  type RecordAccessScope,
  type ReviewAccessScope,
} from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'
import { recordAudit } from './audit-trail.js'
import { userActor } from './context.js'
import { accessScopeOf } from './review-views.js'

/** The reason recorded when an administrator opens a restricted record. */
export const ADMINISTRATOR_ACCESS_REASON = 'administrator access'

/** What an incident carries for the check. */
export interface IncidentAccessFacts {
  readonly id: string
  readonly partnershipId: string
  readonly accessRestricted: boolean
}

export function incidentAccessScope(
  incident: Pick<IncidentAccessFacts, 'partnershipId' | 'accessRestricted'>,
  accessList: readonly string[],
): RecordAccessScope {
  return {
    partnershipId: incident.partnershipId,
    permission: 'incidents:read',
    restricted: incident.accessRestricted,
    accessList,
  }
}

/** The access list of one record, read only when the record is restricted. */
export async function accessListOf(
  db: Db,
  recordType: AccessListRecordType,
  record: { id: string; accessRestricted: boolean },
): Promise<string[]> {
  if (!record.accessRestricted) return []
  return (await accessListsOf(db, recordType, [record.id])).get(record.id) ?? []
}

export async function incidentAccess(
  db: Db,
  actor: Actor | null,
  incident: IncidentAccessFacts,
): Promise<RecordAccess> {
  return recordAccess(
    actor,
    incidentAccessScope(incident, await accessListOf(db, 'incident', incident)),
  )
}

/**
 * The incidents of a list the actor may open. Lists, the dashboard and the
 * calendar feed go through this, so a restricted incident is absent for
 * everyone off its access list (administrators see it, and are audited when
 * they open it).
 */
export async function openableIncidents<T extends IncidentAccessFacts>(
  db: Db,
  actor: Actor | null,
  incidents: readonly T[],
): Promise<T[]> {
  const restricted = incidents.filter((incident) => incident.accessRestricted)
  const lists = await accessListsOf(
    db,
    'incident',
    restricted.map((incident) => incident.id),
  )
  return incidents.filter(
    (incident) =>
      recordAccess(actor, incidentAccessScope(incident, lists.get(incident.id) ?? [])) !==
      'refused',
  )
}

/** Writes 'restricted-record.viewed' when an administrator opened a restricted record. */
export async function auditAdministratorAccess(
  db: Db,
  at: Date,
  actor: Actor,
  record: { recordType: string; recordId: string; partnershipId: string },
): Promise<void> {
  await recordAudit(db, at, {
    actor: userActor(actor),
    action: 'restricted-record.viewed',
    recordType: record.recordType,
    recordId: record.recordId,
    partnershipId: record.partnershipId,
    after: { reason: ADMINISTRATOR_ACCESS_REASON },
  })
}

/**
 * For a stored record that belongs to an incident or a review (a document's
 * record, say): may the actor open what it belongs to? Null when no access list
 * governs that kind of record, so the caller's own check is all there is.
 */
export async function accessToOwner(
  db: Db,
  actor: Actor | null,
  recordType: string,
  recordId: string,
): Promise<{ access: RecordAccess; owner: { recordType: string; recordId: string } } | null> {
  const owner = await findAccessOwner(db, recordType, recordId)
  if (!owner) return null
  if (owner.recordType === 'incident') {
    const access = await incidentAccess(db, actor, {
      id: owner.recordId,
      partnershipId: owner.partnershipId,
      accessRestricted: owner.accessRestricted,
    })
    return { access, owner }
  }
  const review = await findReviewWork(db, owner.recordId)
  if (!review) return { access: 'refused', owner }
  const accessList = await accessListOf(db, 'review', review)
  return { access: reviewAccess(actor, accessScopeOf(review, accessList)), owner }
}

/** As canReadReview, telling an administrator's opening of a restricted review apart. */
export function reviewAccess(actor: Actor | null, review: ReviewAccessScope): RecordAccess {
  if (canEditReview(actor, review)) return 'open'
  return recordAccess(actor, reviewRecordScope(review))
}

/**
 * A review decided on by the rapid review of a restricted incident is created
 * restricted, with the incident's access list: the incident's restriction would
 * mean little if its review were open to the whole partnership.
 */
export async function inheritIncidentRestriction(
  trx: Db,
  at: Date,
  actor: Actor,
  review: { rapidReviewId: string; reviewId: string; partnershipId: string },
): Promise<void> {
  const owner = await findAccessOwner(trx, 'rapid-review', review.rapidReviewId)
  if (!owner?.accessRestricted) return
  const people = (await accessListsOf(trx, 'incident', [owner.recordId])).get(owner.recordId) ?? []
  await markAccessRestricted(trx, 'review', review.reviewId)
  for (const userId of people) {
    await insertAccessEntry(trx, {
      recordType: 'review',
      recordId: review.reviewId,
      partnershipId: review.partnershipId,
      userId,
      addedByUserId: actor.userId,
      addedAt: at.toISOString(),
    })
  }
  await recordAudit(trx, at, {
    actor: userActor(actor),
    action: 'record-access.restricted',
    recordType: 'review',
    recordId: review.reviewId,
    partnershipId: review.partnershipId,
    after: { restricted: true, inheritedFromIncident: owner.recordId, addedToAccessList: people },
  })
}
