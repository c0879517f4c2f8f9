// The "record an incident" form: four optional child fieldsets (the Panel's form
// takes up to 4 children, S5), so it works without JavaScript in one step.
import {
  MAX_CHILDREN_PER_INCIDENT,
  childField,
  type IncidentChildInput,
  type IncidentInput,
} from '../../../domain/incidents/incident-validation.js'
import { dateField, field, type FormBody } from './form-fields.js'

export const CHILD_POSITIONS = Array.from({ length: MAX_CHILDREN_PER_INCIDENT }, (_, i) => i + 1)

/** Date inputs on the form, for error summary links. */
export const INCIDENT_DATE_FIELDS = [
  'incidentOn',
  'awareOn',
  ...CHILD_POSITIONS.map((position) => childField(position, 'dateOfBirth')),
]

export function readIncidentForm(body: FormBody): { partnership: string; input: IncidentInput } {
  const children: IncidentChildInput[] = CHILD_POSITIONS.map((position) => ({
    pseudonym: field(body, childField(position, 'pseudonym')),
    ageYears: field(body, childField(position, 'ageYears')),
    healthInformation: field(body, childField(position, 'healthInformation')),
    name: field(body, childField(position, 'name')),
    dateOfBirth: dateField(body, childField(position, 'dateOfBirth')),
    address: field(body, childField(position, 'address')),
    localAuthorityReference: field(body, childField(position, 'localAuthorityReference')),
    nhsNumber: field(body, childField(position, 'nhsNumber')),
  }))
  const partnership = field(body, 'partnership')
  return {
    partnership: typeof partnership === 'string' ? partnership : '',
    input: {
      guidanceEdition: field(body, 'guidanceEdition'),
      abuseOrNeglect: field(body, 'abuseOrNeglect'),
      harm: field(body, 'harm'),
      incidentOn: dateField(body, 'incidentOn'),
      awareOn: dateField(body, 'awareOn'),
      place: field(body, 'place'),
      description: field(body, 'description'),
      notifyingAuthority: field(body, 'notifyingAuthority'),
      homeAuthority: field(body, 'homeAuthority'),
      lookedAfter: field(body, 'lookedAfter'),
      careLeaver: field(body, 'careLeaver'),
      notifierName: field(body, 'notifierName'),
      notifierEmail: field(body, 'notifierEmail'),
      notifierPhone: field(body, 'notifierPhone'),
      children,
    },
  }
}
