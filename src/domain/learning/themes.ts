// The theme taxonomy (issue 11): the themes the national Panel and the NSPCC's
// thematic briefings keep finding. The starting set ships with the product;
// its slugs are part of the API and never change. Administrators may add
// themes and edit names and descriptions.
import type { FieldError } from '../errors.js'

export interface ThemeDefinition {
  readonly slug: string
  readonly name: string
  readonly description: string
}

export const SHIPPED_THEMES: readonly ThemeDefinition[] = [
  {
    slug: 'neglect',
    name: 'Neglect',
    description:
      'Persistent failure to meet a child’s basic physical or emotional needs: food, warmth, hygiene, home conditions, supervision, health and dental care. Often cumulative and easy to normalise when seen one visit at a time.',
  },
  {
    slug: 'domestic-abuse',
    name: 'Domestic abuse',
    description:
      'Violence, threats, coercive and controlling behaviour between adults in the child’s life, and its impact on the child, who is a victim in their own right. Includes police call-outs, MARAC and the risk when a relationship “ends”.',
  },
  {
    slug: 'parental-mental-health',
    name: 'Parental mental health',
    description:
      'A parent or carer’s mental ill-health (depression, anxiety, psychosis, personality disorder, perinatal illness) and how it affects their care of the child; whether adult services “think family”.',
  },
  {
    slug: 'parental-substance-misuse',
    name: 'Parental substance misuse',
    description:
      'A parent or carer’s use of alcohol or drugs, including prescribed substitutes such as methadone, and its impact on supervision, safe sleep and the home.',
  },
  {
    slug: 'pre-birth-and-infants',
    name: 'Pre-birth and infants',
    description:
      'Unborn babies and children under two: pre-birth assessment, the handover from midwife to health visitor, feeding and growth, and the particular vulnerability of non-mobile babies.',
  },
  {
    slug: 'non-accidental-injury',
    name: 'Non-accidental injury',
    description:
      'Physical abuse and injuries that may not be accidental: bruising in non-mobile babies, fractures, head injuries, and explanations that do not fit the injury.',
  },
  {
    slug: 'safer-sleep',
    name: 'Safer sleep',
    description:
      'Sudden unexpected death in infancy and the risks around sleep: co-sleeping, sofa sleeping, alcohol or drugs before sleeping with a baby, no cot, and advice that is not repeated when circumstances change.',
  },
  {
    slug: 'professional-curiosity',
    name: 'Professional curiosity',
    description:
      'Asking, checking and not taking accounts at face value: respectful uncertainty, noticing disguised compliance, finding out who lives in or visits the household.',
  },
  {
    slug: 'information-sharing',
    name: 'Information sharing',
    description:
      'Getting what one agency knows to the others who need it: referrals, strategy discussions, records, handovers, and cases closed without telling anyone.',
  },
  {
    slug: 'fathers-and-men',
    name: 'Fathers and men',
    description:
      'Fathers, stepfathers, mothers’ partners and other men in the child’s life: whether they are known, assessed and involved, and the risk or protection they bring.',
  },
  {
    slug: 'young-or-care-experienced-parents',
    name: 'Young or care-experienced parents',
    description:
      'Parents who are teenagers or were in care themselves, and the support they need as parents, including from their personal adviser.',
  },
  {
    slug: 'parental-learning-disability',
    name: 'Parental learning disability',
    description:
      'Parents with a learning disability or cognitive difficulties: assessments and written agreements they can understand, and support that lasts.',
  },
  {
    slug: 'disabled-children',
    name: 'Disabled children',
    description:
      'Children with disabilities, complex health needs or communication difficulties, whose signs of abuse can be put down to their condition.',
  },
  {
    slug: 'looked-after-children',
    name: 'Looked-after children',
    description:
      'Children in care: foster, residential and kinship placements, placement stability and the corporate parent’s oversight.',
  },
  {
    slug: 'child-sexual-exploitation',
    name: 'Child sexual exploitation',
    description:
      'Children groomed and exploited for sex, in person or online, often by older people offering gifts, alcohol or attention; seeing the child as a victim, not as making choices.',
  },
  {
    slug: 'child-sexual-abuse',
    name: 'Child sexual abuse',
    description:
      'Sexual abuse of children, including within the family: disclosures, sexualised behaviour, and the response to them.',
  },
  {
    slug: 'criminal-exploitation',
    name: 'Criminal exploitation',
    description:
      'Children exploited to commit crime: county lines, drug running, gangs, knife crime, and responding to the child as a victim rather than an offender.',
  },
  {
    slug: 'missing-children',
    name: 'Missing children',
    description:
      'Children who go missing from home, care or education: episodes, return home interviews, and what repeated absence says about risk.',
  },
  {
    slug: 'health-services',
    name: 'Health services',
    description:
      'GPs, midwives, health visitors, school nurses, hospitals, emergency departments, paediatrics and mental health services: their part in seeing and sharing concerns.',
  },
  {
    slug: 'schools-and-education',
    name: 'Schools and education',
    description:
      'Schools, nurseries and colleges: attendance, exclusion, elective home education, designated safeguarding leads and what teachers see.',
  },
  {
    slug: 'escalation-and-challenge',
    name: 'Escalation and challenge',
    description:
      'Disagreeing with another agency’s decision and taking it further: escalation policies, professional challenge and resolving disputes.',
  },
  {
    slug: 'over-identification-with-parent',
    name: 'Over-identification with a parent',
    description:
      'When practitioners’ focus and sympathy settle on a parent, so the child’s experience is lost: the rule of optimism, starting again, parent-led plans.',
  },
  {
    slug: 'voice-of-the-child',
    name: 'Voice of the child',
    description:
      'The child’s wishes, feelings and daily lived experience: seeing children alone, hearing what they say and what their behaviour says, and acting on it.',
  },
  {
    slug: 'cross-border-working',
    name: 'Cross-border working',
    description:
      'Working across local authority boundaries: placements out of area, host authorities, families moving, and cases transferred between areas or nations.',
  },
  {
    slug: 'self-harm-and-suicide',
    name: 'Self-harm and suicide',
    description:
      'Children and young people who self-harm, think about or attempt suicide, or take their own lives; access to mental health support.',
  },
  {
    slug: 'online-harm',
    name: 'Online harm',
    description:
      'Harm through the internet and phones: online grooming, sharing of images, harmful content, gaming and social media contact with adults.',
  },
]

export const SHIPPED_THEME_SLUGS: ReadonlySet<string> = new Set(
  SHIPPED_THEMES.map((theme) => theme.slug),
)

export const THEME_NAME_MAX = 80
export const THEME_DESCRIPTION_MAX = 600
export const THEME_SLUG_MAX = 60

export interface ThemeInput {
  readonly slug: string
  readonly name: string
  readonly description: string
}

/**
 * Checks a theme an administrator adds or edits. `slugFixed` is true when
 * editing: a slug is part of the API once it exists, so it never changes.
 */
export function checkTheme(
  input: ThemeInput,
  options: { readonly slugFixed: boolean; readonly slugTaken: boolean },
): FieldError[] {
  const errors: FieldError[] = []
  if (!options.slugFixed) {
    if (input.slug === '') errors.push({ field: 'slug', message: 'Enter a slug' })
    else if (input.slug.length > THEME_SLUG_MAX)
      errors.push({
        field: 'slug',
        message: `Slug must be ${THEME_SLUG_MAX} characters or fewer`,
      })
    else if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.slug))
      errors.push({
        field: 'slug',
        message: 'Slug must be lower-case letters and numbers, with single hyphens between words',
      })
    else if (options.slugTaken)
      errors.push({ field: 'slug', message: 'There is already a theme with this slug' })
  }
  if (input.name === '') errors.push({ field: 'name', message: 'Enter a name' })
  else if (input.name.length > THEME_NAME_MAX)
    errors.push({ field: 'name', message: `Name must be ${THEME_NAME_MAX} characters or fewer` })
  if (input.description === '')
    errors.push({ field: 'description', message: 'Enter a description' })
  else if (input.description.length > THEME_DESCRIPTION_MAX)
    errors.push({
      field: 'description',
      message: `Description must be ${THEME_DESCRIPTION_MAX} characters or fewer`,
    })
  return errors
}
