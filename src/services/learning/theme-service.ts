// The theme taxonomy and theme suggestions (issue 11). Any member of staff
// reads the themes and asks for suggestions; an administrator of any
// partnership keeps the taxonomy, which all partnerships share so learning
// connects across them. Each change is versioned and audited.
import { randomUUID } from 'node:crypto'
import {
  findThemeById,
  findThemeBySlug,
  insertTheme,
  listAllThemes,
  listThemes,
  setThemeRetired,
  updateTheme,
  type ThemeRow,
} from '../../data/repositories/learning/theme-repository.js'
import { assertCan } from '../../domain/access/policy.js'
import type { Actor } from '../../domain/access/roles.js'
import { NotFoundError, ValidationError, type FieldError } from '../../domain/errors.js'
import {
  SUGGESTION_TEXT_MAX,
  themeSuggester,
  type ThemeSuggestion,
} from '../../domain/learning/theme-suggester.js'
import { checkTheme } from '../../domain/learning/themes.js'
import { recordAudit } from '../audit-trail.js'
import { userActor, type ServiceContext } from '../context.js'

export interface ThemeForm {
  readonly slug?: unknown
  readonly name: unknown
  readonly description: unknown
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : ''
}

export class ThemeService {
  constructor(private readonly context: ServiceContext) {}

  /** The themes in use, by name: for staff pages, tagging and the API. */
  async list(actor: Actor | null): Promise<ThemeRow[]> {
    assertCan(actor, 'manage:open')
    return listThemes(this.context.db)
  }

  /**
   * Every theme, retired ones included: the settings page, and the API, which
   * must resolve every slug a tag may carry (a retired theme's tags remain).
   */
  async listAll(actor: Actor | null): Promise<ThemeRow[]> {
    assertCan(actor, 'manage:open')
    return listAllThemes(this.context.db)
  }

  /**
   * Retires a theme: no longer offered for new tags or suggested; tags already
   * made remain and are shown as retired. Reinstating undoes it. Audited.
   */
  async setRetired(
    actor: Actor | null,
    slug: string,
    version: number,
    retired: boolean,
  ): Promise<ThemeRow> {
    const theme = await this.find(actor, slug)
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const at = now()
      const retiredOn = retired ? at.toISOString().slice(0, 10) : null
      await setThemeRetired(trx, theme.id, version, { retiredOn, at: at.toISOString() })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: retired ? 'theme.retired' : 'theme.reinstated',
        recordType: 'theme',
        recordId: theme.id,
        partnershipId: null,
        before: { slug: theme.slug, retiredOn: theme.retiredOn },
        after: { slug: theme.slug, retiredOn },
      })
      return (await findThemeById(trx, theme.id))!
    })
  }

  /** One theme by its slug, for its change page. */
  async find(actor: Actor | null, slug: string): Promise<ThemeRow> {
    assertCan(actor, 'settings:manage')
    const theme = await findThemeBySlug(this.context.db, slug)
    if (!theme) throw new NotFoundError('No such theme')
    return theme
  }

  async add(actor: Actor | null, form: ThemeForm): Promise<ThemeRow> {
    assertCan(actor, 'settings:manage')
    const input = {
      slug: text(form.slug).toLowerCase(),
      name: text(form.name),
      description: text(form.description),
    }
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const slugTaken = input.slug !== '' && (await findThemeBySlug(trx, input.slug)) !== undefined
      const errors = checkTheme(input, { slugFixed: false, slugTaken })
      if (errors.length > 0) throw new ValidationError(errors)
      const id = randomUUID()
      const at = now()
      await insertTheme(trx, { id, ...input, at: at.toISOString() })
      await recordAudit(trx, at, {
        actor: userActor(actor),
        action: 'theme.added',
        recordType: 'theme',
        recordId: id,
        partnershipId: null,
        after: input,
      })
      return (await findThemeById(trx, id))!
    })
  }

  /** Changes a theme's name and description; its slug never changes. */
  async change(
    actor: Actor | null,
    slug: string,
    version: number,
    form: ThemeForm,
  ): Promise<ThemeRow> {
    const theme = await this.find(actor, slug)
    const { id } = theme
    const input = { slug: theme.slug, name: text(form.name), description: text(form.description) }
    const errors = checkTheme(input, { slugFixed: true, slugTaken: false })
    if (errors.length > 0) throw new ValidationError(errors)
    const { db, now } = this.context
    return db.transaction().execute(async (trx) => {
      const at = now()
      await updateTheme(trx, id, version, { ...input, at: at.toISOString() })
      await recordAudit(trx, at, {
        actor: userActor(actor!),
        action: 'theme.changed',
        recordType: 'theme',
        recordId: id,
        partnershipId: null,
        before: { name: theme.name, description: theme.description },
        after: { name: input.name, description: input.description },
      })
      return (await findThemeById(trx, id))!
    })
  }

  /**
   * Themes that may fit the text, each with the words that led to it. Nothing
   * is stored: a person accepts or rejects each suggestion.
   */
  async suggest(actor: Actor | null, value: unknown): Promise<ThemeSuggestion[]> {
    assertCan(actor, 'manage:open')
    const errors: FieldError[] = []
    if (typeof value !== 'string' || value.trim() === '') {
      errors.push({ field: 'text', message: 'Enter the text to suggest themes for' })
    } else if (value.length > SUGGESTION_TEXT_MAX) {
      errors.push({
        field: 'text',
        message: `Text must be ${SUGGESTION_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`,
      })
    }
    if (errors.length > 0 || typeof value !== 'string') throw new ValidationError(errors)
    const themes = await listThemes(this.context.db)
    return themeSuggester(themes).suggest(value)
  }
}
