// The demo partnership's public content, taken from the seed page
// (shared/reference/seed-learning-from-reviews.txt) word for word. Only the
// seed's published pseudonyms appear: Child Y, Baby Eliza, Child A.

export const WANDSWORTH_CHILDRENS_SERVICES = "Wandsworth Council Children's Services"

export interface SeedPartnership {
  slug: string
  name: string
  agencies: {
    name: string
    kind: 'local-authority' | 'police' | 'health' | 'education' | 'other'
  }[]
}

export const PARTNERSHIPS: SeedPartnership[] = [
  {
    slug: 'wandsworth',
    name: 'Wandsworth Safeguarding Children Partnership',
    agencies: [
      { name: WANDSWORTH_CHILDRENS_SERVICES, kind: 'local-authority' },
      { name: 'Metropolitan Police Service, South West basic command unit', kind: 'police' },
      { name: 'NHS South West London Integrated Care Board', kind: 'health' },
      { name: 'St George’s University Hospitals NHS Foundation Trust', kind: 'health' },
      { name: 'Wandsworth schools and colleges', kind: 'education' },
    ],
  },
  {
    slug: 'southwark',
    name: 'Southwark Safeguarding Children Partnership',
    agencies: [
      { name: 'Southwark Council Children’s Services', kind: 'local-authority' },
      { name: 'Metropolitan Police Service, Central South basic command unit', kind: 'police' },
      { name: 'NHS South East London Integrated Care Board', kind: 'health' },
    ],
  },
]

export interface SeedSection {
  key: string
  position: number
  heading: string
  paragraphs: string[]
  link?: { text: string; url: string }
}

/** Sections positioned below 100 come before the published reviews; the rest after. */
export const WANDSWORTH_SECTIONS: SeedSection[] = [
  {
    key: 'cspr-and-scr',
    position: 10,
    heading: 'Child Safeguarding Practice Reviews and Serious Case Reviews',
    paragraphs: [
      'Working Together to Safeguard Children 2018 (Chapter 4) introduced Child Safeguarding Practice Reviews to replace Serious Case Reviews as a method of reviewing serious child safeguarding cases.',
      'The purpose of these reviews at both local and national level is to identify improvements to be made to safeguard and promote the welfare of children. Learning is relevant locally, but it has a wider importance for all practitioners working with children and families. Reviews should seek to prevent or reduce the risk of recurrence of similar incidents.',
      'Locally, safeguarding partners must make arrangements to identify and review serious child safeguarding cases which, in their view, raise issues of importance in relation to their area. They must commission and oversee the review of those cases, where they consider it appropriate for a review to be undertaken. In Wandsworth the responsibility for this rests with the Serious Cases Improvement and Learning (SCIL) Group.',
      'During the transition period from Working Together to Safeguard Children 2015 (Chapter 4) there will be a number of outstanding Serious Case Reviews that will need to be completed under the 2015 statutory guidance. These will be completed and published in line with that guidance.',
    ],
  },
  {
    key: 'publishing',
    position: 20,
    heading: 'Publishing of reports',
    paragraphs: [
      'Working Together 2018 states:',
      'Reviews are about promoting and sharing information about improvements, both within the area and potentially beyond, so safeguarding partners must publish the report, unless they consider it inappropriate to do so. In such a circumstance, they must publish any information about the improvements that should be made following the review that they consider it appropriate to publish. The name of the reviewer(s) should be included. Published reports or information must be publicly available for at least one year.',
    ],
  },
  {
    key: 'national-learning',
    position: 110,
    heading: 'Learning from national Serious Case Reviews',
    paragraphs: [
      'The NSPCC provides series of at-a-glance briefings highlighting the learning from case reviews that are conducted when a child dies or is seriously injured, and abuse or neglect are suspected.',
      'Each briefing focuses on a different topic, pulling together key risk factors and practice recommendations to help practitioners understand and act upon the learning from case reviews.',
    ],
    link: {
      text: 'You can find these briefings on the NSPCC site',
      url: 'https://learning.nspcc.org.uk/case-reviews',
    },
  },
  {
    key: 'rapid-review-guidance',
    position: 120,
    heading: 'Guidance for the Rapid Review Process 2019',
    paragraphs: [
      'Rapid reviews are held to assist the Safeguarding Children Board/Partnership in deciding whether to convene a Serious Case Review or alternative learning review as per the new Working Together 2018.',
      'The local authority notifies the national Child Safeguarding Practice Review Panel within 5 working days of becoming aware of a serious incident. The safeguarding partners then complete the rapid review within 15 working days: letters to agencies on the first working day, agency summaries by working day 10, the rapid review meeting between working days 10 and 12, and sign-off by the three safeguarding partners by working day 15, when the rapid review is sent to the Panel.',
    ],
  },
]

export interface SeedReview {
  slug: string
  title: string
  kind: 'scr-2015' | 'lcspr' | 'other-learning'
  guidanceEdition: 'WT2015' | 'WT2018' | 'WT2023'
  leadPartnershipSlug: string
  participatingPartnershipSlugs: string[]
  childPseudonym: string
  summary: string[]
  learningPointsAddressedTo: string | null
  learningPoints: string[]
  recommendations: string[]
}

export const REVIEWS: SeedReview[] = [
  {
    slug: 'child-y-scr',
    title: 'Child Y Serious Case Review',
    kind: 'scr-2015',
    guidanceEdition: 'WT2015',
    leadPartnershipSlug: 'southwark',
    participatingPartnershipSlugs: ['wandsworth'],
    childPseudonym: 'Child Y',
    summary: [
      'The London Borough of Southwark Safeguarding Children Board has recently published Child Y SCR Report. Southwark SCB took the lead on this Serious Case Review about a Wandsworth Child who was placed in their borough.',
    ],
    learningPointsAddressedTo: WANDSWORTH_CHILDRENS_SERVICES,
    learningPoints: [
      "As part of its matching process for potential placements professionals to complete and update when circumstances change a 'need/ risk assessments' about all children already placed with suitable alternative families (this should be informed by means of contact with at least one professional known to those children)",
      'To address during at home visits and at formal statutory reviews, the lived experience of the children including their relationships with siblings/ other children and adults in their new home',
      'To identify the individuals involved and take steps to disseminate to all relevant staff the regulatory requirements for nominated officer/director approval with respect to out of borough and at a distance placements respectively',
      "To ensure that notification of placements to host local authorities are made and they include the child's details and Care Plan",
      'To update local practice guidance and procedures to clarify the above expectations',
    ],
    recommendations: [],
  },
  {
    slug: 'baby-eliza-scr',
    title: 'Baby Eliza Serious Case Review',
    kind: 'scr-2015',
    guidanceEdition: 'WT2015',
    leadPartnershipSlug: 'wandsworth',
    participatingPartnershipSlugs: [],
    childPseudonym: 'Baby Eliza',
    summary: [
      'All Local Safeguarding Children Boards follow the statutory guidance in Working Together to Safeguard Children 2015 when considering the threshold for conducting a serious case review (SCR), This should take place if a child abuse or neglect is known, or suspected in a case and a child has died or a child has been seriously harmed and there is cause for concern about how the authority or other organisations or professionals worked together to safeguard the child. The WSCB undertook a Serious Case Review on Baby Eliza\u00a0in 2016-17.',
      "Baby Eliza received serious injuries whilst living at home with her mother. Eliza's mother was recognized as a young parent who suffered from gendered abuse across her childhood and into adulthood; from child sexual abuse to child sexual exploitation then domestic abuse. The mother experienced separation and disrupted attachments from her family as child who moved between care arrangements in her family and was in public care as a teenager; she experienced harm/ abuse and was a missing child. In light of child protection concerns about neglect and harm to animals her first child was removed.",
      'Her own history impacted upon her parenting capacity. Professionals worked with the family recognised their sympathy for her as a child who had been looked after and was also a vulnerable care leaver. The SCR highlighted the potential to identify with the abused child within the adult who was a parent. The possibility that practitioners may have over identified and whether this unconsciously impacted on decision making and response to concerns was noted. Professionals initiative to ask questions and show curiosity about the role of men and fathers; their history of parenting and relationships was also raised.',
      'What was learnt from the SCR? The WSCB recognised the learning highlighted in this SCR as listed below:',
    ],
    learningPointsAddressedTo: null,
    learningPoints: [
      'Pre-Birth Assessment Guidance was revised and reissued to ensure that pre-birth procedures are understood & followed',
      'Information sharing should be prioritised by all agencies to ensure the welfare of the baby',
      'Importance of detailed safeguarding information being included in referrals for services to help identify the child needs',
      'A recognition that mental ill-health, substance misuse and domestic abuse have an impact on capacity to parent to inform a risk assessment for a vulnerable child and not diminished in consequence of sympathy for a vulnerable parent',
      "The benefit of precision in professional exchanges e.g. status of a service user's given address and commonality of terms (core group v team around the child). The WSCB has now changed the terminology and asked professionals to use the term Core Group in line with the Child Protection Procedures",
      'The WSCB will need to continue to hold professionals and organisations to account to support them to challenge perceived errors of professional judgments',
      'Professionals will need to continue to encourage full involvement of GPs',
    ],
    recommendations: [],
  },
  {
    slug: 'child-a-scr',
    title: 'Child A Serious Case Review',
    kind: 'scr-2015',
    guidanceEdition: 'WT2015',
    leadPartnershipSlug: 'wandsworth',
    participatingPartnershipSlugs: [],
    childPseudonym: 'Child A',
    summary: [
      'The Child A Serious Case Review (SCR) was commissioned by Wandsworth Local Safeguarding Children Board (WSCB) following the presentation of Child A, a male child of 7 months of age, at St George’s Hospital, Wandsworth in March 2018. Child A was seriously malnourished, acutely ill and had suffered injuries which were unexplained.',
      'It was recognised that a number of agencies had contact with the family both before and after the birth of Child A, and during the period prior to his admission to hospital. A review of this case was therefore important to establish whether there was any learning that could be used in similar circumstances to safeguard children in the future.',
      'The review identified that the parents did not recognise that their child’s weight had fallen, he was seriously underweight and that he was very seriously unwell when brought to hospital in March 2018. The review also highlighted that the parents had significant additional needs which were not recognised, and as first-time parents they also had limited family support. The report concluded that there were opportunities for professionals to identify that the parents were potentially vulnerable as adults; there were indications that the parents’ behaviour did raise low level concerns with some staff but the signals from the behaviour were not clear cut, and it was hard for professionals to articulate such feelings or observations with any precision. As such, the report found that there could have been more proactive offers of services to support their parenting, but this lack of recognition disadvantaged them as they did not receive the support they needed. The review also raised the question that if there is an expectation of providing a higher level of service to such families, who should provide such services and on what basis.\u00a0 This is a matter that will now be examined further by the children’s safeguarding partnership.',
    ],
    learningPointsAddressedTo: null,
    learningPoints: [],
    recommendations: [
      'Learning event for practitioners exploring when and how to confidently explore parental background, indicators of vulnerability, and adverse childhood experiences, how to create cultures of professional curiosity, how to use feelings of unease or discomfort to inform assessment and decision making, and the role of early help services in working with and supporting vulnerable families',
      'Development of advice on how to improve practice with vulnerable parents and their children. Strengthen education, training and screening on ASD, ADHD, Anxiety disorders and what such difficulties mean for parents’ understanding and interpretation of information for all health agencies in contact with parents and children',
      'Review of Health Visiting workloads',
      'Review how checks are completed of whether a child and their family are known to Children Social Care to ensure the responses to such checks include the whole family and household',
      'A review of how effectively the mechanism for alerts to community health services including GPs and the Health Visiting service of children attending Accident and Emergency or other urgent care NHS services are working',
      'A reminder to GPs that infant formula should be made up only as set out by the manufacturers and that parents should not be advised to dilute formula under any circumstances',
    ],
  },
]

/** One demo account per role, all in Wandsworth (three statutory partners' delegates), plus a Southwark coordinator. */
export const DEMO_USERS: {
  email: string
  name: string
  partnershipSlug: string
  role: string
  agencyName?: string
}[] = [
  {
    email: 'administrator@wandsworth.example',
    name: 'Demo Administrator',
    partnershipSlug: 'wandsworth',
    role: 'administrator',
  },
  {
    email: 'coordinator@wandsworth.example',
    name: 'Demo Coordinator',
    partnershipSlug: 'wandsworth',
    role: 'business-unit',
  },
  {
    email: 'partner@wandsworth.example',
    name: 'Demo Partner',
    partnershipSlug: 'wandsworth',
    role: 'partner',
    // The local authority's delegate: a delegate membership names exactly one
    // statutory partner, through its agency (S8, issue 8).
    agencyName: WANDSWORTH_CHILDRENS_SERVICES,
  },
  // The police's and health's delegates: each statutory partner signs a rapid
  // review by its own delegate (S8).
  {
    email: 'partner-police@wandsworth.example',
    name: 'Demo Police Partner',
    partnershipSlug: 'wandsworth',
    role: 'partner',
    agencyName: 'Metropolitan Police Service, South West basic command unit',
  },
  {
    email: 'partner-health@wandsworth.example',
    name: 'Demo Health Partner',
    partnershipSlug: 'wandsworth',
    role: 'partner',
    agencyName: 'NHS South West London Integrated Care Board',
  },
  {
    email: 'reviewer@wandsworth.example',
    name: 'Demo Reviewer',
    partnershipSlug: 'wandsworth',
    role: 'reviewer',
  },
  {
    email: 'agency-lead@wandsworth.example',
    name: 'Demo Agency Lead',
    partnershipSlug: 'wandsworth',
    role: 'agency-lead',
    agencyName: WANDSWORTH_CHILDRENS_SERVICES,
  },
  {
    email: 'practitioner@wandsworth.example',
    name: 'Demo Practitioner',
    partnershipSlug: 'wandsworth',
    role: 'practitioner',
  },
  {
    email: 'coordinator@southwark.example',
    name: 'Demo Southwark Coordinator',
    partnershipSlug: 'southwark',
    role: 'business-unit',
  },
]
