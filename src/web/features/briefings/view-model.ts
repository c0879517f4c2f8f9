// What the seven-minute briefing pages show (issue 9): the staff page with its
// seven sections, the section form with its character count, the public page,
// the use form and the partnership's use of its briefings (tables and a chart).
import {
  BRIEFING_SECTIONS,
  BRIEFING_STATUS_NAMES,
  briefingBlocks,
  type BriefingSection,
} from '../../../domain/briefings/briefing.js'
import type { UseTotal } from '../../../domain/briefings/briefing-use.js'
import {
  publicBriefingPath,
  type BriefingReviewView,
  type BriefingUsage,
  type BriefingUseForm,
  type BriefingView,
  type StaffBriefingPage,
} from '../../../services/briefings/briefing-service.js'
import { publicThematicPath } from '../../../services/briefings/briefing-paths.js'
import { formatDate } from '../../plugins/views.js'
import { barChartViewModel, plural } from '../../bar-chart.js'

export const USAGE_PATH = '/manage/briefings'

export function staffBriefingPath(reviewId: string, rest = ''): string {
  return `/manage/reviews/${reviewId}/briefing${rest}`
}

export function useFormPath(reviewSlug: string): string {
  return `${USAGE_PATH}/${encodeURIComponent(reviewSlug)}/record-use`
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escaped text with its line breaks kept, for a summary list value. */
function multilineHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
    .replace(/\n/g, '<br>')
}

const STATUS_TAG_CLASSES = {
  draft: 'govuk-tag--grey',
  published: 'govuk-tag--green',
  withdrawn: 'govuk-tag--red',
} as const

/** The sections as the page, the preview and the public page show them. */
export function sectionsOf(briefing: BriefingView) {
  return BRIEFING_SECTIONS.map((section, index) => ({
    number: index + 1,
    slug: section.slug,
    heading: section.heading,
    blocks: briefingBlocks(briefing.sections[section.key]),
  }))
}

export function staffBriefingViewModel(page: StaffBriefingPage) {
  const { review, briefing } = page
  const base = staffBriefingPath(review.id)
  return {
    pageTitle: `Seven-minute briefing: ${review.title}`,
    review,
    reviewHref: `/manage/reviews/${review.id}`,
    startAction: staffBriefingPath(review.id, '/start'),
    canWrite: page.canWrite,
    canPublish: page.canPublish,
    briefing: briefing
      ? {
          status: BRIEFING_STATUS_NAMES[briefing.status],
          statusClass: STATUS_TAG_CLASSES[briefing.status],
          isPublished: briefing.status === 'published',
          lastChanged: `${formatDate(briefing.updatedAt)} by ${briefing.updatedByName}`,
          published:
            briefing.publishedAt === null
              ? null
              : `${formatDate(briefing.publishedAt)} by ${briefing.publishedByName ?? ''}`,
          withdrawn:
            briefing.status === 'withdrawn' && briefing.withdrawnAt !== null
              ? `${formatDate(briefing.withdrawnAt)} by ${briefing.withdrawnByName ?? ''}: ${briefing.withdrawnReason ?? ''}`
              : null,
          rows: BRIEFING_SECTIONS.map((section) => {
            const text = briefing.sections[section.key]
            return {
              key: { text: section.heading },
              value: {
                html:
                  text.trim() === ''
                    ? '<span class="govuk-hint govuk-!-margin-bottom-0">Not written yet</span>'
                    : multilineHtml(text),
              },
              actions: page.canWrite
                ? {
                    items: [
                      {
                        href: `${base}/sections/${section.slug}`,
                        text: 'Change',
                        visuallyHiddenText: section.heading.toLowerCase(),
                      },
                    ],
                  }
                : undefined,
            }
          }),
          previewHref: `${base}/preview`,
          pdfHref: `${base}/preview.pdf`,
          docxHref: `${base}/preview.docx`,
          publicHref: briefing.status === 'published' ? publicBriefingPath(review.slug) : null,
          publishHref:
            page.canPublish && briefing.status !== 'published' ? `${base}/publish` : null,
          withdrawHref:
            page.canPublish && briefing.status === 'published' ? `${base}/withdraw` : null,
        }
      : null,
  }
}

export function sectionFormViewModel(options: {
  readonly review: BriefingReviewView
  readonly section: BriefingSection
  readonly text: string
  readonly version: number
}) {
  const { review, section } = options
  return {
    pageTitle: `${section.heading} – seven-minute briefing`,
    review,
    section,
    action: staffBriefingPath(review.id, `/sections/${section.slug}`),
    backHref: staffBriefingPath(review.id),
    form: { text: options.text, version: String(options.version) },
  }
}

/** The briefing as the public reads it; `preview` for the staff's draft preview. */
export function briefingPageViewModel(
  review: BriefingReviewView,
  briefing: BriefingView,
  preview: { readonly reviewId: string } | null,
) {
  const base = preview ? staffBriefingPath(preview.reviewId, '/preview') : null
  return {
    pageTitle: `Seven-minute briefing: ${review.title}`,
    review,
    preview: preview !== null,
    backHref: preview
      ? staffBriefingPath(preview.reviewId)
      : `/reviews/${encodeURIComponent(review.slug)}`,
    backText: preview ? 'Back to the briefing' : `Back to ${review.title}`,
    publishedOn: briefing.publishedAt,
    sections: sectionsOf(briefing),
    pdfHref: base ? `${base}.pdf` : publicBriefingPath(review.slug, 'pdf'),
    docxHref: base ? `${base}.docx` : publicBriefingPath(review.slug, 'docx'),
    recordUseHref: preview ? null : useFormPath(review.slug),
  }
}

export function withdrawnViewModel(review: BriefingReviewView, withdrawnAt: string) {
  return {
    pageTitle: 'This briefing has been withdrawn',
    review,
    withdrawnOn: formatDate(withdrawnAt),
    reviewHref: `/reviews/${encodeURIComponent(review.slug)}`,
  }
}

export function useFormViewModel(form: BriefingUseForm, values: Record<string, string>) {
  const selected = values.agencyId ?? form.ownAgencyId ?? ''
  return {
    pageTitle: `Record that your team used the briefing: ${form.review.title}`,
    review: form.review,
    action: useFormPath(form.review.slug),
    backHref: publicBriefingPath(form.review.slug),
    form: values,
    agencyItems: [
      { value: '', text: 'Select an agency', selected: selected === '' },
      ...form.agencies.map((agency) => ({
        value: agency.id,
        text: `${agency.name} (${agency.partnershipName})`,
        selected: agency.id === selected,
      })),
    ],
  }
}

// ── Use of the briefings ─────────────────────────────────────────────────────

/**
 * Staff who took part, by agency, as horizontal bars (src/web/bar-chart.ts).
 */
export function useChartViewModel(byAgency: readonly UseTotal[]) {
  const totalStaff = byAgency.reduce((sum, total) => sum + total.staff, 0)
  const first = byAgency[0]
  return barChartViewModel(
    byAgency.map((total) => ({ name: total.name, value: total.staff })),
    {
      id: 'briefing-use-chart',
      title: 'Staff who took part in briefing sessions, by agency',
      summary:
        first === undefined
          ? 'Bar chart of staff who took part in briefing sessions, by agency. No use has been recorded yet.'
          : `Bar chart of staff who took part in briefing sessions, by agency: ${plural(totalStaff, 'member of staff', 'staff')} in ${plural(byAgency.length, 'agency', 'agencies')}. The most were in ${first.name} (${first.staff}). The table below the chart gives the figures.`,
    },
  )
}

export function usageViewModel(usage: BriefingUsage) {
  const totalRow = (totals: readonly UseTotal[]) => ({
    sessions: totals.reduce((sum, total) => sum + total.sessions, 0),
    staff: totals.reduce((sum, total) => sum + total.staff, 0),
  })
  return {
    pageTitle: 'Use of briefings',
    byBriefing: usage.byBriefing,
    byBriefingTotal: totalRow(usage.byBriefing),
    byAgency: usage.byAgency,
    byAgencyTotal: totalRow(usage.byAgency),
    chart: useChartViewModel(usage.byAgency),
    records: usage.records.map((record) => ({
      briefing: record.reviewTitle,
      briefingHref:
        record.kind === 'thematic'
          ? publicThematicPath(record.reviewSlug)
          : publicBriefingPath(record.reviewSlug),
      team: record.team,
      agency: `${record.agencyName} (${record.agencyPartnershipName})`,
      usedOn: formatDate(record.usedOn),
      staff: record.staffCount,
      agreed: record.agreedActions,
      recordedBy: record.recordedByName,
    })),
    publishedBriefings: usage.publishedBriefings,
  }
}
