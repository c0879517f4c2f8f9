// The stateless redaction check (issue 9, S17): staff check a document that is
// not stored (an agency's report, another partnership's draft) for details they
// type in. Neither the file nor the terms are kept or logged; the audit trail
// records that a check ran, on what kind and size of file, with how many terms
// and hits, and nothing else.
import type { Actor } from '../../domain/access/roles.js'
import { can } from '../../domain/access/policy.js'
import { AccessDeniedError, ValidationError, type FieldError } from '../../domain/errors.js'
import { MAX_REPORT_BYTES } from '../../domain/publishing/report-versions.js'
import {
  findRedactionHits,
  isClear,
  type RedactionHit,
} from '../../domain/redaction/redaction-check.js'
import type { RedactionTerm } from '../../domain/redaction/terms.js'
import type { PdfTextLimits } from '../../integrations/documents/pdf-text.js'
import { recordAudit } from '../audit-trail.js'
import { type ServiceContext, userActor } from '../context.js'
import { checkUploadedFile } from '../document-service.js'
import { readReportSections } from './report-text.js'

export interface StatelessCheck {
  readonly file: { fileName: string; bytes: Uint8Array; declaredMediaType: string | null } | null
  /** Already read (readTermsJson or the form); null when they were not valid. */
  readonly terms: readonly RedactionTerm[] | null
  /** Errors found reading the terms, reported with the file's. */
  readonly termErrors?: readonly FieldError[]
}

export interface StatelessCheckResult {
  readonly clear: boolean
  readonly hits: RedactionHit[]
}

/** Staff who may use the page: anyone who reads the partnership's reviews. */
export function canUseRedactionCheck(actor: Actor | null): boolean {
  return can(actor, 'reviews:read-internal')
}

/** The API is for business unit coordinators (who hold 'incidents:manage'). */
export function canUseRedactionCheckApi(actor: Actor | null): boolean {
  return can(actor, 'incidents:manage')
}

export class RedactionCheckService {
  constructor(
    private readonly context: ServiceContext,
    private readonly pdfLimits?: Partial<PdfTextLimits>,
  ) {}

  async check(
    actor: Actor | null,
    input: StatelessCheck,
    channel: 'page' | 'api',
  ): Promise<StatelessCheckResult> {
    if (!actor) throw new AccessDeniedError('Sign in')
    const allowed = channel === 'api' ? canUseRedactionCheckApi(actor) : canUseRedactionCheck(actor)
    if (!allowed) throw new AccessDeniedError('Not allowed: the redaction check')
    const errors: FieldError[] = []
    let kind: 'pdf' | 'docx' | null = null
    if (!input.file) {
      errors.push({ field: 'file', message: 'Select a PDF or Word document to check' })
    } else {
      try {
        kind = checkUploadedFile({
          fileName: input.file.fileName,
          bytes: input.file.bytes,
          declaredMediaType: input.file.declaredMediaType,
          accept: ['pdf', 'docx'],
          maxBytes: MAX_REPORT_BYTES,
        }).kind as 'pdf' | 'docx'
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        errors.push(...error.errors)
      }
    }
    errors.push(...(input.termErrors ?? []))
    if (errors.length > 0 || kind === null || !input.file || !input.terms) {
      throw new ValidationError(errors)
    }
    const sections = await readReportSections(kind, input.file.bytes, this.pdfLimits)
    const hits = findRedactionHits(sections, input.terms)
    await recordAudit(this.context.db, this.context.now(), {
      actor: userActor(actor),
      action: 'redaction-check.run',
      recordType: 'redaction-check',
      recordId: null,
      partnershipId: null,
      after: {
        channel,
        kind,
        sizeBytes: input.file.bytes.length,
        terms: input.terms.length,
        hits: hits.length,
      },
    })
    return { clear: isClear(hits), hits }
  }
}
