// The publication page's view model (issue 9, S13–S16): the plan in words, the
// S16 clock, the versions that may be published and the live publication.
import {
  PUBLICATION_SCOPE_NAMES,
  PUBLISHED_SCOPE_TITLES,
  RECIPIENT_NAMES,
  sentField,
  type PublicationScope,
  type PublishedScope,
} from '../../../domain/publishing/publication.js'
import type { FieldError } from '../../../domain/errors.js'
import type { PublicationPage } from '../../../services/publishing/publication-service.js'
import { publicReportPath } from '../../../services/publishing/publication-service.js'
import { dateParts, pageErrors } from '../../form-fields.js'
import { fileSize } from '../rapid-reviews/view-model.js'
import { clockViewModel } from '../reviews/view-model.js'

export const publicationPath = (reviewId: string, rest = '') =>
  `/manage/reviews/${reviewId}/publication${rest}`

const SENT_KEYS = {
  panel: 'sentToPanelOn',
  'secretary-of-state': 'sentToSecretaryOfStateOn',
  ofsted: 'sentToOfstedOn',
} as const

export function publicationPageViewModel(
  page: PublicationPage,
  form: Record<string, string>,
  errors: readonly FieldError[],
) {
  const plan = page.plan
  const live = page.live
  return {
    pageTitle: 'Publication',
    review: page.review,
    plan:
      plan === null
        ? null
        : {
            ...plan,
            scopeName: PUBLICATION_SCOPE_NAMES[plan.scope as PublicationScope] ?? plan.scope,
            notYet: plan.scope === 'not-yet',
          },
    sendBy: clockViewModel(page.sendBy),
    recipients: page.recipients.map((recipient) => ({
      name: RECIPIENT_NAMES[recipient],
      field: sentField(recipient),
      sentOn: plan?.[SENT_KEYS[recipient]] ?? null,
    })),
    publishableFrom: page.publishableFrom,
    today: page.today,
    minimumAvailableUntil: page.minimumAvailableUntil,
    periods: page.periods,
    published: page.review.status === 'published',
    withdrawn: page.review.withdrawnAt !== null,
    // Only a clear version is offered (S17). The others are listed apart, with
    // links to resolve them, not as disabled radios: GOV.UK Frontend greys a
    // disabled radio's hint below the contrast WCAG asks for, and the reason it
    // cannot be chosen is the part a coordinator must be able to read.
    versionItems: page.versions
      .filter((version) => version.clear)
      .map((version) => ({
        value: version.id,
        text: `Version ${version.number}: ${version.fileName}`,
        hint: { text: 'Redaction check clear' },
        checked: form.versionId === version.id,
      })),
    blockedVersions: page.versions
      .filter((version) => !version.clear)
      .map((version) => ({
        text: `Version ${version.number}: ${version.fileName}`,
        href: `/manage/reviews/${page.review.id}/report-versions/${version.id}`,
      })),
    clearVersions: page.versions.filter((version) => version.clear).length,
    live:
      live === null
        ? null
        : {
            ...live,
            title: PUBLISHED_SCOPE_TITLES[live.scope as PublishedScope] ?? 'The report',
            href: publicReportPath(page.review.slug, live.id, live.mediaType),
            size: fileSize(live.sizeBytes),
            typeName: live.mediaType === 'application/pdf' ? 'PDF' : 'Word document',
          },
    history: page.history.map((one) => ({
      ...one,
      state:
        one.takenDownAt !== null ? 'Taken down' : one.replacedAt !== null ? 'Replaced' : 'Live',
    })),
    refusals: page.publishRefusals,
    canPlan: page.canPlan,
    canTakeDown: page.canTakeDown,
    form,
    ...pageErrors(errors, ['availableUntil']),
  }
}

/** The plan form's values: what is saved, or what was typed. */
export function planForm(page: PublicationPage): Record<string, string> {
  const plan = page.plan
  return {
    scope: plan?.scope ?? '',
    scopeReason: plan?.scopeReason ?? '',
    reviewerNames: plan?.reviewerNames ?? '',
    ...dateParts('plannedOn', plan?.plannedOn ?? null),
    ...dateParts('lookAgainOn', plan?.lookAgainOn ?? null),
  }
}

export function sentForm(page: PublicationPage): Record<string, string> {
  const plan = page.plan
  return {
    ...dateParts('sentToPanelOn', plan?.sentToPanelOn ?? null),
    ...dateParts('sentToSecretaryOfStateOn', plan?.sentToSecretaryOfStateOn ?? null),
    ...dateParts('sentToOfstedOn', plan?.sentToOfstedOn ?? null),
  }
}

export function scopeItems(selected: string) {
  return (Object.keys(PUBLICATION_SCOPE_NAMES) as PublicationScope[]).map((scope) => ({
    value: scope,
    text: PUBLICATION_SCOPE_NAMES[scope],
    checked: selected === scope,
  }))
}
