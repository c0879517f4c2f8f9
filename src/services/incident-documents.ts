// The content of the incident documents, written once for the page, the PDF and
// the DOCX. The notification pack carries the children's details because it is
// what the Panel's form asks for (S5); the rapid review report carries
// pseudonyms only.
import type { CalendarDate } from '../domain/calendar/calendar-date.js'
import { formatNhsNumber } from '../domain/redaction/nhs-number.js'
import { ABUSE_OR_NEGLECT_NAMES, HARM_NAMES } from '../domain/incidents/serious-case-criteria.js'
import { GUIDANCE_EDITION_NAMES } from '../domain/statutory/periods.js'
import type {
  CaseDocument,
  CaseDocumentField,
  CaseDocumentSection,
} from '../integrations/documents/case-document.js'
import type { IncidentView } from './incident-views.js'
import type { RapidReviewView } from './rapid-review-views.js'

export interface NotificationPackChild {
  readonly position: number
  readonly pseudonym: string
  readonly ageYears: number | null
  readonly healthInformation: string | null
  readonly name: string | null
  readonly dateOfBirth: CalendarDate | null
  readonly address: string | null
  readonly localAuthorityReference: string | null
  /** Ten digits, as stored; shown as "943 476 5919". */
  readonly nhsNumber: string | null
}

export interface NotificationPack {
  readonly incident: IncidentView
  readonly children: readonly NotificationPackChild[]
  /**
   * The PDF: the children's restricted identity fields and health information
   * are left out, never read. They are never put in a file (issue 4); the pack
   * page shows them, after a reason, to be copied into the Panel's form.
   */
  readonly identityWithheld: boolean
}

/** Said in each child's section of the PDF, where the page shows the details. */
export const IDENTITY_WITHHELD_NOTE =
  'The child’s name, date of birth, address, local authority reference, NHS number and health information are never put in a file. Copy them into the Panel’s form from the notification pack page in the service, where they are shown after you give a reason.'

const AUTHOR = 'Safeguarding practice reviews'
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** '2024-01-02' → '2 January 2024'. */
export function longDate(date: string | null): string | null {
  if (date === null) return null
  return DATE_FORMAT.format(new Date(`${date}T00:00:00Z`))
}

const yesNo = (value: boolean | null): string | null =>
  value === null ? null : value ? 'Yes' : 'No'

export function childrenLabel(incident: Pick<IncidentView, 'children'>): string {
  return incident.children.map((child) => child.pseudonym).join(', ')
}

/** The pack's sections, in the order the Panel's form asks (S5). */
export function notificationPackSections(pack: NotificationPack): CaseDocumentSection[] {
  const { incident } = pack
  const sections: CaseDocumentSection[] = [
    {
      heading: 'Notifier',
      blocks: [
        {
          kind: 'fields',
          fields: [
            { label: 'Notifying local authority', value: incident.notifyingAuthority },
            { label: 'Name', value: incident.notifier.name },
            { label: 'Email address', value: incident.notifier.email },
            { label: 'Telephone', value: incident.notifier.phone },
            { label: 'Safeguarding partnership', value: incident.partnership.name },
          ],
        },
      ],
    },
  ]
  for (const child of pack.children) {
    const age = child.ageYears === null ? null : `${child.ageYears}`
    const fields: CaseDocumentField[] = pack.identityWithheld
      ? [
          { label: 'Pseudonym (used in this service)', value: child.pseudonym },
          { label: 'Age at the incident', value: age },
          { label: 'Home local authority', value: incident.homeAuthority },
          { label: 'Looked after', value: yesNo(incident.lookedAfter) },
          { label: 'Care leaver', value: yesNo(incident.careLeaver) },
        ]
      : [
          { label: 'Pseudonym (used in this service)', value: child.pseudonym },
          { label: 'Name', value: child.name },
          { label: 'Date of birth', value: longDate(child.dateOfBirth) },
          { label: 'Age at the incident', value: age },
          { label: 'Address', value: child.address },
          { label: 'Home local authority', value: incident.homeAuthority },
          { label: 'Local authority reference', value: child.localAuthorityReference },
          {
            label: 'NHS number',
            value: child.nhsNumber === null ? null : formatNhsNumber(child.nhsNumber),
          },
          { label: 'Health information', value: child.healthInformation },
          { label: 'Looked after', value: yesNo(incident.lookedAfter) },
          { label: 'Care leaver', value: yesNo(incident.careLeaver) },
        ]
    sections.push({
      heading:
        pack.children.length > 1 ? `Child ${child.position} of ${pack.children.length}` : 'Child',
      blocks: pack.identityWithheld
        ? [
            { kind: 'fields', fields },
            { kind: 'text', text: IDENTITY_WITHHELD_NOTE },
          ]
        : [{ kind: 'fields', fields }],
    })
  }
  sections.push(
    {
      heading: 'Incident',
      blocks: [
        {
          kind: 'fields',
          fields: [
            { label: 'Date of the incident', value: longDate(incident.incidentOn) },
            { label: 'Date the local authority became aware', value: longDate(incident.awareOn) },
            { label: 'Place of the incident', value: incident.place },
            { label: 'Abuse or neglect', value: ABUSE_OR_NEGLECT_NAMES[incident.abuseOrNeglect] },
            { label: 'Harm', value: HARM_NAMES[incident.harm] },
            { label: 'Guidance', value: GUIDANCE_EDITION_NAMES[incident.guidanceEdition] },
          ],
        },
        { kind: 'text', text: incident.description },
      ],
    },
    {
      heading: 'Notification',
      blocks: [
        { kind: 'text', text: incident.assessment.explanation },
        {
          kind: 'fields',
          fields: [
            { label: 'Notify the Panel by (S3)', value: longDate(incident.notificationDueOn) },
            { label: 'Rapid review due (S6)', value: longDate(incident.rapidReviewDueOn) },
            { label: 'Panel notified', value: longDate(incident.panelNotifiedOn) },
            { label: 'Ofsted notified', value: longDate(incident.ofstedNotifiedOn) },
            { label: 'Safeguarding partners told', value: longDate(incident.partnersNotifiedOn) },
          ],
        },
      ],
    },
  )
  return sections
}

export function notificationPackDocument(pack: NotificationPack): CaseDocument {
  return {
    title: `Notification pack: ${childrenLabel(pack.incident)}`,
    subtitle: `Serious incident notification to the Child Safeguarding Practice Review Panel, ${pack.incident.partnership.name}`,
    marking: pack.identityWithheld
      ? 'OFFICIAL-SENSITIVE. For completing the Panel’s notification form only. Do not forward or store outside the case record.'
      : 'OFFICIAL-SENSITIVE. Contains children’s personal details: for completing the Panel’s notification form only. Do not forward or store outside the case record.',
    author: AUTHOR,
    sections: notificationPackSections(pack),
  }
}

/**
 * The rapid review report the Panel expects: the facts, immediate actions,
 * criteria, decision and sign-off. Pseudonyms only (S17): no restricted identity
 * fields, no health information.
 */
export function rapidReviewReportDocument(view: RapidReviewView): CaseDocument {
  const { incident } = view
  return {
    title: `Rapid review: ${childrenLabel(incident)}`,
    subtitle: `${incident.partnership.name}. Rapid review started ${longDate(view.startedOn) ?? ''}.`,
    marking: 'OFFICIAL-SENSITIVE',
    author: AUTHOR,
    sections: [
      {
        heading: 'The incident',
        blocks: [
          {
            kind: 'fields',
            fields: [
              {
                label: 'Children (pseudonyms)',
                value: incident.children
                  .map((child) =>
                    child.ageYears === null
                      ? child.pseudonym
                      : `${child.pseudonym}, aged ${child.ageYears}`,
                  )
                  .join('; '),
              },
              { label: 'Date of the incident', value: longDate(incident.incidentOn) },
              { label: 'Date the local authority became aware', value: longDate(incident.awareOn) },
              { label: 'Date the Panel was notified', value: longDate(incident.panelNotifiedOn) },
              { label: 'Abuse or neglect', value: ABUSE_OR_NEGLECT_NAMES[incident.abuseOrNeglect] },
              { label: 'Harm', value: HARM_NAMES[incident.harm] },
              { label: 'Looked after', value: yesNo(incident.lookedAfter) },
              { label: 'Rapid review due (S6)', value: longDate(view.dueOn) },
            ],
          },
        ],
      },
      {
        heading: 'Information from agencies',
        blocks: [
          {
            kind: 'table',
            caption: 'Requests for information',
            headers: ['Agency', 'Requested', 'Due', 'Received', 'Summary'],
            rows: view.agencyRequests.map((request) => [
              request.agencyName,
              longDate(request.requestedOn) ?? '',
              longDate(request.dueOn) ?? '',
              longDate(request.receivedOn) ?? 'Not received',
              // File names may name people (S17), so a document is only counted.
              [
                request.summary ?? '',
                request.documents.length === 0
                  ? ''
                  : `(${request.documents.length} uploaded ${request.documents.length === 1 ? 'document' : 'documents'})`,
              ]
                .filter((part) => part !== '')
                .join(' '),
            ]),
          },
        ],
      },
      {
        heading: 'Rapid review meeting',
        blocks: [
          { kind: 'fields', fields: [{ label: 'Date', value: longDate(view.meetingOn) }] },
          { kind: 'text', text: view.meetingAttendees },
        ],
      },
      {
        heading: 'Facts established',
        blocks: [{ kind: 'text', text: view.factsEstablished }],
      },
      {
        heading: 'Immediate actions to keep children safe',
        blocks: [
          {
            kind: 'list',
            items: view.safetyActions.map((action) => `${action.action} (owner: ${action.owner})`),
          },
        ],
      },
      {
        heading: 'Learning identified',
        blocks: [{ kind: 'text', text: view.learningIdentified }],
      },
      {
        heading: 'Criteria for a local review (SI 2018/789 reg. 11)',
        blocks: view.criteria.flatMap((criterion) => [
          {
            kind: 'fields' as const,
            fields: [
              { label: `(${criterion.criterion}) ${criterion.text}`, value: criterion.answerName },
              { label: 'Note', value: criterion.note },
            ],
          },
        ]),
      },
      {
        heading: 'Decision',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Decision', value: view.decisionName },
              { label: 'Date of the decision', value: longDate(view.decidedOn) },
            ],
          },
          { kind: 'text', text: view.decisionRationale },
        ],
      },
      {
        heading: 'Sign-off by the safeguarding partners',
        blocks: [
          {
            kind: 'table',
            caption: 'Statutory partners',
            headers: ['Partner', 'Signed by', 'Date'],
            rows: view.signOffs.map((signOff) => [
              signOff.partnerName,
              signOff.signedByName ?? 'Not signed',
              longDate(signOff.signedOn) ?? '',
            ]),
          },
          {
            kind: 'fields',
            fields: [{ label: 'Sent to the Panel', value: longDate(view.sentToPanelOn) }],
          },
        ],
      },
      ...(view.panelResponse
        ? [
            {
              heading: 'The Panel’s response',
              blocks: [
                {
                  kind: 'fields' as const,
                  fields: [
                    { label: 'Date', value: longDate(view.panelResponse.respondedOn) },
                    { label: 'Agrees with the decision', value: yesNo(view.panelResponse.agrees) },
                    {
                      label: 'National review to be held',
                      value: yesNo(view.panelResponse.nationalReview),
                    },
                  ],
                },
                { kind: 'text' as const, text: view.panelResponse.notes },
              ],
            },
          ]
        : []),
    ],
  }
}
