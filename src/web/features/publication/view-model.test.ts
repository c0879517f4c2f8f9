import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { calendarDate } from '../../../domain/calendar/calendar-date.js'
import { DEFAULT_STATUTORY_PERIODS } from '../../../domain/statutory/periods.js'
import type { ReportVersionRecord } from '../../../data/repositories/publishing/report-version-repository.js'
import type { PublicationPage } from '../../../services/publishing/publication-service.js'
import { publicationPageViewModel } from './view-model.js'

const REVIEW_ID = '6f1d2c3b-0000-4000-8000-000000000001'

function version(number: number, clear: boolean): ReportVersionRecord & { clear: boolean } {
  return {
    id: `6f1d2c3b-0000-4000-8000-00000000010${number}`,
    reviewId: REVIEW_ID,
    partnershipId: 'partnership',
    number,
    documentId: `document-${number}`,
    fileName: `report-${number}.docx`,
    kind: 'docx',
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    sizeBytes: 2048,
    note: null,
    checkedAt: '2026-06-10T12:00:00.000Z',
    termsChecked: 1,
    uploadedBy: 'user',
    uploadedByName: 'Demo Coordinator',
    uploadedAt: '2026-06-10T12:00:00.000Z',
    withdrawnAt: null,
    withdrawnByName: null,
    withdrawnReason: null,
    version: 1,
    openHits: clear ? 0 : 1,
    hits: clear ? 0 : 1,
    clear,
  }
}

function pageWith(versions: PublicationPage['versions']): PublicationPage {
  return {
    review: {
      id: REVIEW_ID,
      title: 'Other learning review: Child C',
      kind: 'other-learning',
      status: 'final-report-received',
      slug: 'demo-review-child-c',
      version: 3,
      partnershipId: 'partnership',
      publishedOn: null,
      withdrawnAt: null,
    },
    plan: null,
    recipients: ['panel', 'secretary-of-state', 'ofsted'],
    sendBy: null,
    publishableFrom: null,
    today: calendarDate('2026-06-10'),
    minimumAvailableUntil: calendarDate('2027-06-10'),
    periods: DEFAULT_STATUTORY_PERIODS.WT2023,
    versions,
    live: null,
    history: [],
    publishRefusals: [],
    canPlan: true,
    canTakeDown: false,
  }
}

describe('the publication page (S17)', () => {
  it('offers only versions whose redaction check is clear, and lists the others with links to resolve them', () => {
    const blocked = version(1, false)
    const clear = version(2, true)
    const model = publicationPageViewModel(pageWith([blocked, clear]), {}, [])

    // Not a disabled radio: its greyed hint would be below WCAG's contrast (1.4.3).
    assert.deepEqual(
      model.versionItems.map((item) => item.value),
      [clear.id],
    )
    assert.deepEqual(model.blockedVersions, [
      {
        text: 'Version 1: report-1.docx',
        href: `/manage/reviews/${REVIEW_ID}/report-versions/${blocked.id}`,
      },
    ])
    assert.equal(model.clearVersions, 1)
  })

  it('keeps the version chosen when the form comes back with errors', () => {
    const clear = version(2, true)
    const model = publicationPageViewModel(pageWith([clear]), { versionId: clear.id }, [])
    assert.equal(model.versionItems[0]?.checked, true)
    assert.deepEqual(model.blockedVersions, [])
  })
})
