// The "Restrict access" page of an incident (with its rapid review) or a review
// (issue 4): the business unit restricts the record to an access list and adds
// or removes the people on it. Every change is audited with the record.
import type { Db } from '../data/db.js'
import { findIncident } from '../data/repositories/incident-repository.js'
import {
  deleteAccessEntry,
  insertAccessEntry,
  listAccessEntries,
  listPartnershipMembers,
  updateAccessRestricted,
  type AccessEntry,
  type AccessListRecordType,
} from '../data/repositories/record-access-repository.js'
import { findReviewWork } from '../data/repositories/review-work-repository.js'
import { assertCan, recordAccess, type RecordAccess } from '../domain/access/policy.js'
import { isRole, type Actor, type Membership } from '../domain/access/roles.js'
import { NotFoundError, ValidationError } from '../domain/errors.js'
import { recordAudit } from './audit-trail.js'
import { type ServiceContext, userActor } from './context.js'
import { childrenLabel } from './incident-documents.js'
import { incidentAccessScope, reviewAccess } from './record-access.js'
import { accessScopeOf } from './review-views.js'

export interface AccessPerson {
  readonly userId: string
  readonly displayName: string
  readonly email: string
}

export interface RecordAccessView {
  readonly recordType: AccessListRecordType
  readonly recordId: string
  /** How the record is named on the page: pseudonyms or the review's title. */
  readonly title: string
  readonly partnershipName: string
  readonly restricted: boolean
  readonly version: number
  readonly people: readonly AccessEntry[]
  /** People who could open the record, not yet on its list. */
  readonly candidates: readonly AccessPerson[]
  readonly actorUserId: string
}

/** A record as this service needs it, whatever its kind. */
interface AccessRecord {
  readonly recordType: AccessListRecordType
  readonly id: string
  readonly title: string
  readonly partnershipId: string
  readonly partnershipName: string
  readonly restricted: boolean
  readonly version: number
  /** Partnerships whose members might open it (a review's participating ones too). */
  readonly partnershipIds: readonly string[]
  /** Accounts named on it (a review's reviewers): put on the list when it is restricted. */
  readonly namedUserIds: readonly string[]
  /** Would this actor open the record with this access list? */
  readonly accessOf: (
    actor: Actor,
    accessList: readonly string[],
    restricted: boolean,
  ) => RecordAccess
}

export class RecordAccessService {
  constructor(private readonly context: ServiceContext) {}

  async page(
    actor: Actor | null,
    recordType: AccessListRecordType,
    id: string,
  ): Promise<RecordAccessView> {
    const { db } = this.context
    const { record, people } = await this.forManaging(db, actor, recordType, id)
    const onList = new Set(people.map((person) => person.userId))
    const candidates = (await this.candidates(db, record)).filter(
      (person) => !onList.has(person.userId),
    )
    return {
      recordType,
      recordId: id,
      title: record.title,
      partnershipName: record.partnershipName,
      restricted: record.restricted,
      version: record.version,
      people,
      candidates,
      actorUserId: actor!.userId,
    }
  }

  /**
   * Restricts the record (or lifts the restriction). Restricting puts the actor
   * and the people named on the record on the list, so nobody locks out the
   * business unit doing it or the reviewers doing the work.
   */
  async setRestricted(
    actor: Actor | null,
    recordType: AccessListRecordType,
    id: string,
    expectedVersion: number,
    restrictedInput: unknown,
  ): Promise<void> {
    if (restrictedInput !== 'yes' && restrictedInput !== 'no') {
      throw new ValidationError([
        { field: 'restricted', message: 'Select whether access to this record is restricted' },
      ])
    }
    const restricted = restrictedInput === 'yes'
    await this.context.db.transaction().execute(async (trx) => {
      const { record, people } = await this.forManaging(trx, actor, recordType, id)
      const at = this.context.now()
      await updateAccessRestricted(
        trx,
        recordType,
        id,
        expectedVersion,
        restricted,
        at.toISOString(),
      )
      const added: string[] = []
      if (restricted) {
        const onList = new Set(people.map((person) => person.userId))
        const candidates = new Set(
          (await this.candidates(trx, record)).map((person) => person.userId),
        )
        for (const userId of [actor!.userId, ...record.namedUserIds]) {
          if (onList.has(userId) || !candidates.has(userId)) continue
          await insertAccessEntry(trx, {
            recordType,
            recordId: id,
            partnershipId: record.partnershipId,
            userId,
            addedByUserId: actor!.userId,
            addedAt: at.toISOString(),
          })
          onList.add(userId)
          added.push(userId)
        }
      }
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: restricted ? 'record-access.restricted' : 'record-access.unrestricted',
        recordType,
        recordId: id,
        partnershipId: record.partnershipId,
        before: { restricted: record.restricted, version: expectedVersion },
        after: { restricted, addedToAccessList: added, version: expectedVersion + 1 },
      })
    })
  }

  async addPerson(
    actor: Actor | null,
    recordType: AccessListRecordType,
    id: string,
    userIdInput: unknown,
  ): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const { record, people } = await this.forManaging(trx, actor, recordType, id)
      const person = (await this.candidates(trx, record)).find(
        (candidate) => candidate.userId === userIdInput,
      )
      if (!person || people.some((entry) => entry.userId === person.userId)) {
        throw new ValidationError([
          {
            field: 'userId',
            message: person
              ? 'That person is already on the access list'
              : 'Choose a person from the list',
          },
        ])
      }
      const at = this.context.now()
      await insertAccessEntry(trx, {
        recordType,
        recordId: id,
        partnershipId: record.partnershipId,
        userId: person.userId,
        addedByUserId: actor!.userId,
        addedAt: at.toISOString(),
      })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'record-access.person-added',
        recordType,
        recordId: id,
        partnershipId: record.partnershipId,
        after: { userId: person.userId, displayName: person.displayName },
      })
    })
  }

  async removePerson(
    actor: Actor | null,
    recordType: AccessListRecordType,
    id: string,
    userId: string,
  ): Promise<void> {
    await this.context.db.transaction().execute(async (trx) => {
      const { record, people } = await this.forManaging(trx, actor, recordType, id)
      const person = people.find((entry) => entry.userId === userId)
      if (!person) throw new NotFoundError('That person is not on the access list')
      if (userId === actor!.userId) {
        // Whoever manages the list stays on it, so a restricted record always has someone to run it.
        throw new ValidationError([
          {
            field: 'people',
            message:
              'You cannot take yourself off the access list. Ask another coordinator on the list to do it',
          },
        ])
      }
      await deleteAccessEntry(trx, recordType, id, userId)
      await recordAudit(trx, this.context.now(), {
        actor: userActor(actor!),
        action: 'record-access.person-removed',
        recordType,
        recordId: id,
        partnershipId: record.partnershipId,
        before: { userId: person.userId, displayName: person.displayName },
      })
    })
  }

  /**
   * The record, for someone who may open it as themselves (not only as an
   * administrator) and restrict records of its partnership. Anyone who cannot
   * open it is told it does not exist.
   */
  private async forManaging(
    db: Db,
    actor: Actor | null,
    recordType: AccessListRecordType,
    id: string,
  ): Promise<{ record: AccessRecord; people: AccessEntry[] }> {
    const record = await this.load(db, recordType, id)
    const people = record ? await listAccessEntries(db, recordType, id) : []
    const list = people.map((person) => person.userId)
    const access = record && actor ? record.accessOf(actor, list, record.restricted) : 'refused'
    if (!record || access === 'refused') throw new NotFoundError(`No such ${recordType}`)
    assertCan(actor, 'records:restrict', { partnershipId: record.partnershipId })
    // Opening a restricted record as an administrator is for reading, not for running its list.
    if (access !== 'open') throw new NotFoundError(`No such ${recordType}`)
    return { record, people }
  }

  private async load(
    db: Db,
    recordType: AccessListRecordType,
    id: string,
  ): Promise<AccessRecord | undefined> {
    if (recordType === 'incident') {
      const incident = await findIncident(db, id)
      if (!incident) return undefined
      return {
        recordType,
        id,
        title: `Incident: ${childrenLabel(incident)}`,
        partnershipId: incident.partnershipId,
        partnershipName: incident.partnershipName,
        restricted: incident.accessRestricted,
        version: incident.version,
        partnershipIds: [incident.partnershipId],
        namedUserIds: [],
        accessOf: (actor, accessList, restricted) =>
          recordAccess(
            actor,
            incidentAccessScope({ ...incident, accessRestricted: restricted }, accessList),
          ),
      }
    }
    const review = await findReviewWork(db, id)
    if (!review) return undefined
    const named = review.reviewers.flatMap((reviewer) =>
      reviewer.userId === null ? [] : [reviewer.userId],
    )
    return {
      recordType,
      id,
      title: review.title,
      partnershipId: review.leadPartnership.id,
      partnershipName: review.leadPartnership.name,
      restricted: review.accessRestricted,
      version: review.version,
      partnershipIds: [
        review.leadPartnership.id,
        ...review.participatingPartnerships.map((partnership) => partnership.id),
      ],
      namedUserIds: named,
      accessOf: (actor, accessList, restricted) =>
        reviewAccess(actor, accessScopeOf({ ...review, accessRestricted: restricted }, accessList)),
    }
  }

  /** Everyone who would open the record were it not restricted: who may go on its list. */
  private async candidates(db: Db, record: AccessRecord): Promise<AccessPerson[]> {
    const people = new Map<string, AccessPerson & { memberships: Membership[] }>()
    for (const partnershipId of record.partnershipIds) {
      for (const member of await listPartnershipMembers(db, partnershipId)) {
        if (!isRole(member.role)) continue
        const person = people.get(member.userId) ?? {
          userId: member.userId,
          displayName: member.displayName,
          email: member.email,
          memberships: [],
        }
        person.memberships.push({
          partnershipId,
          partnershipSlug: '',
          partnershipName: '',
          role: member.role,
          agencyId: null,
        })
        people.set(member.userId, person)
      }
    }
    return [...people.values()]
      .filter(
        (person) =>
          record.accessOf(
            {
              userId: person.userId,
              displayName: person.displayName,
              memberships: person.memberships,
            },
            [],
            false,
          ) === 'open',
      )
      .map(({ userId, displayName, email }) => ({ userId, displayName, email }))
  }
}
