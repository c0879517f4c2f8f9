// The Child A Serious Case Review's seven-minute briefing (issue 9): the seed
// page links one from Child A ("Read a 7 minute briefing covering the key
// messages and learning from this Serious Case Review"). Its text is written
// from the seed's own words for Child A (the summary and key recommendations);
// nothing in it is invented about the family. It is published when the demo is
// loaded, so the public page, the PDF and the .docx can be seen at once.
import { randomUUID } from 'node:crypto'
import {
  findBriefingOfReview,
  findBriefingReviewBySlug,
  insertBriefing,
  setBriefingPublished,
} from '../../data/repositories/briefings/briefing-repository.js'
import { findUserByEmail } from '../../data/repositories/user-repository.js'
import {
  BRIEFING_SECTIONS,
  checkSectionText,
  type BriefingSections,
} from '../../domain/briefings/briefing.js'
import { recordAudit } from '../audit-trail.js'
import { briefingSearchDocument } from '../briefings/briefing-service.js'
import { PublicSearchService } from '../public-site/public-search-service.js'
import { DEMO_DATA_LOADER, type ServiceContext } from '../context.js'

const CHILD_A_SLUG = 'child-a-scr'
const COORDINATOR = 'coordinator@wandsworth.example'

export const CHILD_A_BRIEFING: BriefingSections = {
  background: [
    'The Child A Serious Case Review (SCR) was commissioned by Wandsworth Local Safeguarding Children Board (WSCB) following the presentation of Child A, a male child of 7 months of age, at St George’s Hospital, Wandsworth in March 2018. Child A was seriously malnourished, acutely ill and had suffered injuries which were unexplained.',
    'A number of agencies had contact with the family before and after Child A was born, and in the months before his admission to hospital. The review was held to find the learning that could help to safeguard children in similar circumstances in the future.',
  ].join('\n\n'),
  whyItMatters: [
    'Child A’s parents were first-time parents with significant additional needs that were not recognised, and they had limited family support. Some staff felt low-level concerns but found them hard to put into words.',
    'Any practitioner who meets a baby and its parents could be in the same position. Recognising that parents may be vulnerable adults, and acting on a feeling of unease, is how children get the help they need in time.',
  ].join('\n\n'),
  whatHappened: [
    'The parents did not recognise that their child’s weight had fallen. He was seriously underweight and very seriously unwell when he was brought to hospital in March 2018.',
    'The parents had significant additional needs which were not recognised. There were indications that their behaviour raised low-level concerns with some staff, but the signals were not clear cut, and it was hard for professionals to say what worried them with any precision.',
    'The review found that there could have been more proactive offers of services to support their parenting. Because their needs were not recognised, the family did not receive the support they needed.',
    'The review also asked: if families like this one should be offered a higher level of service, who should provide it, and on what basis? The children’s safeguarding partnership is examining this further.',
  ].join('\n\n'),
  whatWeLearned: [
    '- Parents can be vulnerable adults. Additional needs such as autism spectrum disorder (ASD), ADHD or anxiety affect how parents understand and act on the information professionals give them.',
    '- A feeling of unease or discomfort about a family is information: use it to inform assessment and decision making.',
    '- Be professionally curious about parents’ background, indicators of vulnerability and adverse childhood experiences.',
    '- Early help services have a role in working with and supporting vulnerable families.',
    '- Checks of whether a child and family are known to Children’s Social Care must include the whole family and household.',
    '- Alerts to GPs and health visitors when a child attends Accident and Emergency or other urgent care must work.',
  ].join('\n'),
  whatToDo: [
    '- Ask about parents’ own needs, background and support, and how they understand your advice.',
    '- When something about a family makes you uneasy, note what you saw and heard, and talk it through with your supervisor or safeguarding lead.',
    '- Offer early help to vulnerable parents proactively rather than waiting to be asked.',
    '- When you check whether a family is known to Children’s Social Care, ask about everyone in the household.',
    '- GPs and health visitors: make sure alerts about a child’s attendance at Accident and Emergency or urgent care reach you, and act on them.',
    '- GPs: infant formula should be made up only as set out by the manufacturer. Never advise parents to dilute formula.',
  ].join('\n'),
  questions: [
    '- How do you find out whether a parent has needs that affect how they understand your advice?',
    '- When did you last feel uneasy about a family but could not say why? What did you do?',
    '- Do your checks with Children’s Social Care cover everyone in the household?',
    '- How does your team make sure alerts about urgent care attendances are seen and acted on?',
  ].join('\n'),
  furtherInformation: [
    'Read the Child A Serious Case Review and the partnership’s other reviews on the Wandsworth Safeguarding Children Partnership’s learning from reviews pages.',
    'The partnership is holding learning events on parental vulnerability, adverse childhood experiences and professional curiosity: ask your safeguarding lead or the partnership’s business unit.',
  ].join('\n\n'),
}

/** Adds and publishes Child A's briefing, once; 0 when it is there already or the review is not. */
export async function loadDemoBriefings(context: ServiceContext): Promise<{ briefings: number }> {
  const { db, now } = context
  // The same rules as a person's edits: a demo text over a limit is a bug here.
  for (const section of BRIEFING_SECTIONS) {
    const checked = checkSectionText(section, CHILD_A_BRIEFING[section.key])
    if (checked.errors.length > 0) throw new Error(`Demo briefing: ${checked.errors[0]!.message}`)
  }
  return db.transaction().execute(async (trx) => {
    const review = await findBriefingReviewBySlug(trx, CHILD_A_SLUG)
    if (!review || (await findBriefingOfReview(trx, review.id))) return { briefings: 0 }
    const coordinator = await findUserByEmail(trx, COORDINATOR)
    const byName = coordinator?.displayName ?? 'Demo Coordinator'
    const at = now()
    const id = randomUUID()
    await insertBriefing(trx, {
      id,
      reviewId: review.id,
      sections: CHILD_A_BRIEFING,
      createdByUserId: coordinator?.id ?? null,
      byName,
      now: at.toISOString(),
    })
    await setBriefingPublished(trx, id, 1, { byName, now: at.toISOString() })
    // Searchable as any published briefing is (issue 9).
    await new PublicSearchService({ db: trx, now }).indexPublishedText(
      briefingSearchDocument(review, id, CHILD_A_BRIEFING, at),
      trx,
    )
    await recordAudit(trx, at, {
      actor: DEMO_DATA_LOADER,
      action: 'briefing.published',
      recordType: 'briefing',
      recordId: id,
      partnershipId: review.leadPartnershipId,
      after: { reviewId: review.id, status: 'published' },
    })
    return { briefings: 1 }
  })
}
