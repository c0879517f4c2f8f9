// The service navigation (GOV.UK service navigation component): the public
// pages for everyone, and for signed-in staff the sections of their work that
// their roles may use (issue 8). The rules are the policy's (domain/access):
// a section is shown only when its page would let the person in.
import { can, canManageDeployment, canViewActionPlans } from '../domain/access/policy.js'
import type { Actor } from '../domain/access/roles.js'

export interface NavigationItem {
  readonly href: string
  readonly text: string
  /** The page is in this section: govuk-frontend marks it aria-current="true". */
  readonly active: boolean
  /** The page is this section's own page: aria-current="page". */
  readonly current: boolean
}

interface Section {
  readonly href: string
  readonly text: string
  readonly mayUse: (actor: Actor) => boolean
}

const STAFF_SECTIONS: readonly Section[] = [
  { href: '/manage/incidents', text: 'Incidents', mayUse: (a) => can(a, 'incidents:read') },
  { href: '/manage/rapid-reviews', text: 'Rapid reviews', mayUse: (a) => can(a, 'incidents:read') },
  { href: '/manage/reviews', text: 'Reviews', mayUse: (a) => can(a, 'reviews:read-internal') },
  { href: '/manage/actions', text: 'Actions', mayUse: canViewActionPlans },
  // Issue 11: every member of staff searches the learning they may see.
  { href: '/manage/learning', text: 'Learning library', mayUse: (a) => can(a, 'manage:open') },
  { href: '/manage/briefings', text: 'Briefings', mayUse: (a) => can(a, 'briefings:see-use') },
  // Issue 11: every member of staff books a place at a learning event.
  {
    href: '/manage/learning-events',
    text: 'Learning events',
    mayUse: (a) => can(a, 'manage:open'),
  },
  { href: '/manage/tasks', text: 'Your tasks', mayUse: (a) => can(a, 'manage:open') },
]

const within = (path: string, href: string) => path === href || path.startsWith(`${href}/`)

function item(path: string, href: string, text: string, active: boolean): NavigationItem {
  return { href, text, active, current: path === href }
}

/** The navigation for a page at `path`, as this person may use it. */
export function navigationFor(actor: Actor | null, path: string): NavigationItem[] {
  // The deployment's partnerships (issue 12), for its administrators only.
  const deployment = canManageDeployment(actor)
    ? [item(path, '/manage/partnerships', 'Partnerships', within(path, '/manage/partnerships'))]
    : []
  if (deployment.length > 0 && !can(actor, 'manage:open')) return deployment
  if (!can(actor, 'manage:open') || actor === null) {
    return [
      item(path, '/', 'Learning from reviews', path === '/' || path.startsWith('/reviews')),
      item(path, '/sign-in', 'Staff sign in', path === '/sign-in'),
    ]
  }
  const sections = STAFF_SECTIONS.filter((section) => section.mayUse(actor))
  const inSection = sections.some((section) => within(path, section.href))
  return [
    // The dashboard, and every staff page that is in no section (settings, account).
    item(path, '/manage', 'Manage', path.startsWith('/manage') && !inSection),
    ...sections.map((section) =>
      item(path, section.href, section.text, within(path, section.href)),
    ),
    ...deployment,
  ]
}
