// What the thematic briefing pages show (issue 11): the business unit's list,
// the compile page (themes, years, and the learning found), the staff page with
// its sections and the reviews it cites, the section form, the page the public
// reads (each citation a link to its review) and the public list.
import { BRIEFING_STATUS_NAMES, briefingBlocks } from '../../../domain/briefings/briefing.js'
import {
  citedParts,
  THEMATIC_SECTIONS,
  THEMATIC_TITLE_LIMIT,
  type ThematicSection,
} from '../../../domain/briefings/thematic-briefing.js'
import {
  publicThematicPath,
  staffThematicPath,
  thematicUseFormPath,
} from '../../../services/briefings/briefing-paths.js'
import type {
  CompileFormView,
  LearningFound,
  ThematicBriefingView,
  ThematicUseForm,
} from '../../../services/briefings/thematic-briefing-service.js'
import { formatDate } from '../../plugins/views.js'

export const THEMATIC_LIST_PATH = '/manage/briefings/thematic'
export const THEMATIC_NEW_PATH = `${THEMATIC_LIST_PATH}/new`
export const PUBLIC_THEMATIC_LIST_PATH = '/briefings'

const STATUS_TAG_CLASSES = {
  draft: 'govuk-tag--grey',
  published: 'govuk-tag--green',
  withdrawn: 'govuk-tag--red',
} as const

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}

function statusTag(briefing: ThematicBriefingView) {
  return {
    text: BRIEFING_STATUS_NAMES[briefing.status],
    classes: STATUS_TAG_CLASSES[briefing.status],
  }
}

export function thematicListViewModel(briefings: readonly ThematicBriefingView[]) {
  return {
    pageTitle: 'Thematic briefings',
    newHref: THEMATIC_NEW_PATH,
    usageHref: '/manage/briefings',
    briefings: briefings.map((briefing) => ({
      title: briefing.title,
      href: staffThematicPath(briefing.id),
      themes: briefing.themes.map((theme) => theme.name).join(', '),
      period: briefing.periodText,
      status: statusTag(briefing),
      lastChanged: formatDate(briefing.updatedAt),
    })),
  }
}

export function compileViewModel(
  form: CompileFormView,
  values: { themes: readonly string[]; fromYear: string; toYear: string; partnershipId: string },
  found: LearningFound | null,
) {
  const chosen = new Set(values.themes)
  return {
    pageTitle: 'Compile a thematic briefing',
    backHref: THEMATIC_LIST_PATH,
    findAction: THEMATIC_NEW_PATH,
    compileAction: THEMATIC_LIST_PATH,
    form: values,
    themeItems: form.themes.map((theme) => ({
      value: theme.slug,
      text: theme.name,
      hint: { text: theme.description },
      checked: chosen.has(theme.slug),
    })),
    partnershipItems:
      form.partnerships.length > 1
        ? form.partnerships.map((partnership) => ({
            value: partnership.id,
            text: partnership.name,
            selected: partnership.id === values.partnershipId,
          }))
        : null,
    found: found
      ? {
          reviewCount: found.reviews.length,
          itemCount: found.reviews.reduce((total, review) => total + review.items.length, 0),
          reviews: found.reviews.map((review) => ({
            title: review.title,
            label: review.label,
            date: formatDate(review.date),
            ledBy: review.leadPartnershipName,
            status: review.public
              ? { text: 'Published', classes: 'govuk-tag--green' }
              : { text: 'Not published', classes: 'govuk-tag--grey' },
            href: `/manage/reviews/${review.id}`,
            themes: review.themeNames.join(', '),
            items: review.items.map((item) => ({
              kind: item.kind === 'learning-point' ? 'Learning point' : 'Recommendation',
              position: item.position,
              text: item.text,
            })),
          })),
        }
      : null,
  }
}

/** A block of a section with each citation a link: to the public review, or in a staff preview the staff page. */
function linkedBlocks(
  text: string,
  briefing: ThematicBriefingView,
  linkFor: (source: ThematicBriefingView['sources'][number]) => string,
) {
  const sources = briefing.sources
  const html = (line: string) =>
    citedParts(line, sources)
      .map((part) => {
        if (part.kind === 'text') return escapeHtml(part.text)
        const source = sources.find((candidate) => candidate.reviewId === part.reviewId)
        if (!source) return escapeHtml(`[${part.label}]`)
        return `[<a class="govuk-link" href="${escapeHtml(linkFor(source))}">${escapeHtml(part.label)}<span class="govuk-visually-hidden">: ${escapeHtml(source.title)}</span></a>]`
      })
      .join('')
  return briefingBlocks(text).map((block) =>
    block.kind === 'list'
      ? { kind: 'list', items: block.items.map(html) }
      : { kind: 'paragraph', html: html(block.text) },
  )
}

const publicReviewHref = (source: { slug: string }) => `/reviews/${encodeURIComponent(source.slug)}`

export function staffThematicViewModel(briefing: ThematicBriefingView) {
  const base = staffThematicPath(briefing.id)
  const sectionRow = (slug: string, heading: string, text: string) => ({
    key: { text: heading },
    value: {
      html:
        text.trim() === ''
          ? '<span class="govuk-hint govuk-!-margin-bottom-0">Not written yet</span>'
          : escapeHtml(text).replace(/\n/g, '<br>'),
    },
    actions: {
      items: [
        {
          href: `${base}/sections/${slug}`,
          text: 'Change',
          visuallyHiddenText: heading.toLowerCase(),
        },
      ],
    },
  })
  const unpublishedCited = briefing.sources.filter((source) => source.cited && !source.public)
  return {
    pageTitle: `Thematic briefing: ${briefing.title}`,
    backHref: THEMATIC_LIST_PATH,
    briefing,
    status: statusTag(briefing),
    details: [
      { key: { text: 'Themes' }, value: { text: briefing.themes.map((t) => t.name).join(', ') } },
      { key: { text: 'Reviews from' }, value: { text: briefing.periodText } },
      {
        key: { text: 'Last changed' },
        value: { text: `${formatDate(briefing.updatedAt)} by ${briefing.updatedByName}` },
      },
      {
        key: { text: 'Published' },
        value: {
          text:
            briefing.publishedAt === null
              ? 'Not published'
              : `${formatDate(briefing.publishedAt)} by ${briefing.publishedByName ?? ''}`,
        },
      },
      ...(briefing.status === 'withdrawn' && briefing.withdrawnAt !== null
        ? [
            {
              key: { text: 'Withdrawn' },
              value: {
                text: `${formatDate(briefing.withdrawnAt)} by ${briefing.withdrawnByName ?? ''}: ${briefing.withdrawnReason ?? ''}`,
              },
            },
          ]
        : []),
    ],
    rows: [
      sectionRow('title', 'Title', briefing.title),
      ...THEMATIC_SECTIONS.map((section) =>
        sectionRow(section.slug, section.heading, briefing.sections[section.key]),
      ),
    ],
    sources: briefing.sources.map((source) => ({
      label: source.label,
      title: source.title,
      href: `/manage/reviews/${source.reviewId}`,
      status: source.public
        ? { text: 'Published', classes: 'govuk-tag--green' }
        : { text: 'Not published', classes: 'govuk-tag--grey' },
      cited: source.cited ? 'Cited' : 'Not cited: left out when published',
    })),
    unpublishedCited: unpublishedCited.map((source) => `${source.title} [${source.label}]`),
    previewHref: `${base}/preview`,
    pdfHref: `${base}/preview.pdf`,
    docxHref: `${base}/preview.docx`,
    publicHref: briefing.status === 'published' ? publicThematicPath(briefing.slug) : null,
    publishHref: briefing.status !== 'published' ? `${base}/publish` : null,
    withdrawHref: briefing.status === 'published' ? `${base}/withdraw` : null,
  }
}

export function thematicSectionFormViewModel(options: {
  readonly briefing: ThematicBriefingView
  readonly section: Pick<ThematicSection, 'slug' | 'heading' | 'hint' | 'limit'>
  readonly text: string
  readonly version: number
}) {
  const { briefing, section } = options
  return {
    pageTitle: `${section.heading} – thematic briefing`,
    caption: `${briefing.title}: thematic briefing`,
    section,
    isTitle: section.slug === 'title',
    action: staffThematicPath(briefing.id, `/sections/${section.slug}`),
    backHref: staffThematicPath(briefing.id),
    form: { text: options.text, version: String(options.version) },
  }
}

export const TITLE_SECTION = {
  slug: 'title',
  heading: 'Title',
  hint: 'What the briefing is about, as the public list and the documents show it.',
  limit: THEMATIC_TITLE_LIMIT,
}

/** The briefing as the public reads it; `preview` for the business unit's draft. */
export function thematicPageViewModel(briefing: ThematicBriefingView, preview: boolean) {
  const base = preview ? staffThematicPath(briefing.id, '/preview') : null
  const linkFor = preview
    ? (source: { reviewId: string; slug: string; public: boolean }) =>
        source.public ? publicReviewHref(source) : `/manage/reviews/${source.reviewId}`
    : publicReviewHref
  const cited = briefing.sources.filter((source) => source.cited)
  return {
    pageTitle: `Thematic briefing: ${briefing.title}`,
    briefing,
    preview,
    backHref: preview ? staffThematicPath(briefing.id) : PUBLIC_THEMATIC_LIST_PATH,
    backText: preview ? 'Back to the briefing' : 'All thematic briefings',
    themes: briefing.themes.map((theme) => theme.name).join(', '),
    publishedOn: briefing.publishedAt,
    sections: THEMATIC_SECTIONS.map((section, index) => ({
      number: index + 1,
      heading: section.heading,
      blocks: linkedBlocks(briefing.sections[section.key], briefing, linkFor),
    })),
    sources: cited.map((source) => ({
      label: source.label,
      title: source.title,
      href: linkFor(source),
    })),
    pdfHref: base ? `${base}.pdf` : publicThematicPath(briefing.slug, 'pdf'),
    docxHref: base ? `${base}.docx` : publicThematicPath(briefing.slug, 'docx'),
    recordUseHref: preview ? null : thematicUseFormPath(briefing.id),
  }
}

export function publicThematicListViewModel(briefings: readonly ThematicBriefingView[]) {
  return {
    pageTitle: 'Thematic briefings',
    briefings: briefings.map((briefing) => ({
      title: briefing.title,
      href: publicThematicPath(briefing.slug),
      partnershipName: briefing.partnershipName,
      themes: briefing.themes.map((theme) => theme.name).join(', '),
      period: briefing.periodText,
      reviews: briefing.sources.filter((source) => source.cited).length,
      publishedOn: briefing.publishedAt,
    })),
  }
}

export function thematicUseFormViewModel(form: ThematicUseForm, values: Record<string, string>) {
  const selected = values.agencyId ?? form.ownAgencyId ?? ''
  return {
    pageTitle: `Record that your team used the briefing: ${form.briefing.title}`,
    caption: `${form.briefing.title}: thematic briefing`,
    action: thematicUseFormPath(form.briefing.id),
    backHref: publicThematicPath(form.briefing.slug),
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
