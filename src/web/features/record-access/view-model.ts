import type { AccessListRecordType } from '../../../data/repositories/record-access-repository.js'
import type { RecordAccessView } from '../../../services/record-access-service.js'

export interface AccessRecordKind {
  readonly recordType: AccessListRecordType
  /** Where the record's own pages live. */
  readonly basePath: string
}

const NOUNS: Record<AccessListRecordType, string> = {
  incident: 'incident and its rapid review',
  review: 'review',
}

export function recordAccessViewModel(
  kind: AccessRecordKind,
  view: RecordAccessView,
  form: Record<string, string>,
) {
  const recordPath = `${kind.basePath}/${view.recordId}`
  return {
    pageTitle: `Who can open this ${kind.recordType}`,
    recordTitle: view.title,
    recordNoun: NOUNS[kind.recordType],
    partnershipName: view.partnershipName,
    recordPath,
    accessPath: `${recordPath}/access`,
    restricted: view.restricted,
    version: view.version,
    restrictedItems: [
      {
        value: 'yes',
        text: 'Yes, only the people on the access list',
        hint: {
          text: 'Administrators can still open it; each time is recorded in the audit trail. Everyone else is told it does not exist.',
        },
        checked: view.restricted,
      },
      {
        value: 'no',
        text: `No, everyone whose role allows it`,
        checked: !view.restricted,
      },
    ],
    people: view.people.map((person) => ({
      userId: person.userId,
      displayName: person.displayName,
      email: person.email,
      isYou: person.userId === view.actorUserId,
    })),
    candidateItems: [
      { value: '', text: 'Choose a person' },
      ...view.candidates.map((person) => ({
        value: person.userId,
        text: `${person.displayName} (${person.email})`,
        selected: form.userId === person.userId,
      })),
    ],
    hasCandidates: view.candidates.length > 0,
  }
}
