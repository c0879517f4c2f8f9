// Reminders and digests by email (issue 10), computed on the working-day
// calendar (S21). Each run asks "what is due today?" and writes each answer
// into the outbox under a key made of what it is about (the action, its due
// date, which reminder, who to), so running twice (two schedulers, a retry
// after a crash) writes nothing twice. Messages carry the children's
// pseudonyms only, never a restricted identity field.
import type { Db } from '../../data/db.js'
import { writtenOutboxKeys } from '../../data/repositories/mail/outbox-repository.js'
import {
  listActionsDueBy,
  listAgencyIdsOf,
  listRecipientsWithRole,
  type ActionForReminderRecord,
  type RecipientRecord,
} from '../../data/repositories/mail/recipient-repository.js'
import { membershipsOf } from '../../data/repositories/user-repository.js'
import type { Actor } from '../../domain/access/roles.js'
import { STATUSES_OPEN_FOR_REMINDERS } from '../../domain/actions/reminders.js'
import {
  addCalendarDays,
  compareDates,
  daysBetween,
  type CalendarDate,
} from '../../domain/calendar/calendar-date.js'
import {
  OutsideCalendarError,
  type WorkingDayCalendar,
} from '../../domain/calendar/working-days.js'
import { writtenDate } from '../../domain/calendar/written-date.js'
import { reminderDue, weekStarting } from '../../domain/mail/reminder-dates.js'
import { DEADLINE_KIND_NAMES } from '../../domain/statutory/on-time-history.js'
import { CalendarService } from '../calendar-service.js'
import { KeptViews } from '../kept-views.js'
import type { ServiceContext } from '../context.js'
import { StatutoryClocksService, type OpenDeadline } from '../statutory-clocks-service.js'
import { TasksService } from '../tasks/tasks-service.js'
import { enqueueMessages, type MailSettings, type MessageToWrite } from './outbox.js'

/** "Due soon" in a digest: within two weeks, as on the action plans. */
const DIGEST_DUE_SOON_DAYS = 14

const ACCOUNT_PATH = '/manage/account'

/** Business units whose open deadlines are kept between the jobs of a pass. */
const UNIT_DEADLINES_KEPT = 1000

/** Messages written in one transaction, at most (a group is never split). */
const MESSAGES_PER_TRANSACTION = 500

/** Messages written together, or (on a crash) not at all and again next run. */
type MessageGroup = readonly MessageToWrite[]

export class ReminderService {
  private readonly calendar: CalendarService
  private readonly clocks: StatutoryClocksService
  private readonly tasks: TasksService
  private readonly unitDeadlines = new KeptViews<OpenDeadline[]>(UNIT_DEADLINES_KEPT)

  constructor(
    private readonly context: ServiceContext,
    private readonly settings: MailSettings,
  ) {
    this.calendar = new CalendarService(context)
    this.clocks = new StatutoryClocksService(context)
    this.tasks = new TasksService(context)
  }

  private footer(reason: string, digest: boolean): string {
    const account = `${this.settings.publicUrl}${ACCOUNT_PATH}`
    return digest
      ? `${reason} You can choose which emails you get in your account: ${account}`
      : `${reason} To get one weekly digest instead of each reminder, choose “digest only” in your account: ${account}`
  }

  /**
   * Writes the groups of messages, each group whole, a few hundred messages to
   * a transaction, and counts those that were new. At national scale a day's
   * first run writes tens of thousands (one for each overdue action's lead);
   * a transaction each made PostgreSQL wait for the disk tens of thousands of
   * times. The keys already written (an earlier run today) are looked up first,
   * so those messages are not rendered again; the database still refuses a key
   * written meanwhile by another worker.
   */
  private async write(groups: readonly MessageGroup[]): Promise<number> {
    const { db, now } = this.context
    let written = 0
    let batch: MessageToWrite[] = []
    const flush = async () => {
      if (batch.length === 0) return
      const already = await writtenOutboxKeys(
        db,
        batch.map((message) => message.idempotencyKey),
      )
      const fresh = batch.filter((message) => !already.has(message.idempotencyKey))
      batch = []
      if (fresh.length === 0) return
      written += await db
        .transaction()
        .execute((trx) => enqueueMessages(trx, now(), this.settings, fresh))
    }
    for (const group of groups) {
      if (batch.length > 0 && batch.length + group.length > MESSAGES_PER_TRANSACTION) await flush()
      batch.push(...group)
    }
    await flush()
    return written
  }

  // ── Actions ──────────────────────────────────────────────────────────────

  /**
   * To each agency lead: before an action of their agency is due (10 and 2
   * working days before, by default), when it becomes overdue, and each week
   * while it stays overdue. People who chose "digest only" get the digest instead.
   */
  async sendActionReminders(): Promise<number> {
    const { db } = this.context
    const today = this.calendar.today()
    const calendar = await this.calendar.calendar()
    const leadsByAgency = groupByAgency(
      (await listRecipientsWithRole(db, 'agency-lead')).filter((lead) => !lead.digestOnly),
    )
    const farthestLead = Math.max(...this.settings.reminderWorkingDays)
    const actions = await listActionsDueBy(db, {
      agencyIds: [...leadsByAgency.keys()],
      dueOnOrBefore: horizon(calendar, today, farthestLead),
      statuses: STATUSES_OPEN_FOR_REMINDERS,
    })
    // One group per action: its reminders to every lead of the agency are
    // written together, or (on a crash) not at all and again next run.
    const groups: MessageGroup[] = []
    for (const action of actions) {
      const due = reminderIfKnown(action.dueOn as CalendarDate, today, calendar, this.settings)
      if (due === null) continue
      groups.push(
        (leadsByAgency.get(action.agencyId) ?? []).map((lead) =>
          due.kind === 'before'
            ? this.actionDueMessage(action, lead, due.workingDays)
            : this.actionOverdueMessage(action, lead, due.week, today),
        ),
      )
    }
    return this.write(groups)
  }

  private actionDueMessage(
    action: ActionForReminderRecord,
    lead: RecipientRecord,
    workingDays: number,
  ): MessageToWrite {
    return {
      idempotencyKey: `action-reminder:${action.id}:${action.dueOn}:${workingDays}wd:${lead.userId}`,
      kind: 'action-reminder',
      partnership: { id: action.agencyPartnershipId, name: action.agencyPartnershipName },
      recipient: { userId: lead.userId, email: lead.email, name: lead.displayName },
      subject: `Action due on ${writtenDate(action.dueOn)}`,
      paragraphs: [
        `An action for ${action.agencyName} is due on ${writtenDate(action.dueOn)}, in ${workingDays} working ${workingDays === 1 ? 'day' : 'days'}.`,
        `Review: ${action.reviewTitle} (led by ${action.reviewPartnershipName}).`,
        `Action: ${action.description}`,
      ],
      path: `/manage/actions/${action.id}`,
      linkText: 'Open the action to record its progress',
      footer: this.footer(`You get this email as the agency lead for ${action.agencyName}.`, false),
    }
  }

  private actionOverdueMessage(
    action: ActionForReminderRecord,
    lead: RecipientRecord,
    week: number,
    today: CalendarDate,
  ): MessageToWrite {
    const late = daysBetween(action.dueOn as CalendarDate, today)
    return {
      idempotencyKey: `action-overdue:${action.id}:${action.dueOn}:week-${week}:${lead.userId}`,
      kind: 'action-overdue',
      partnership: { id: action.agencyPartnershipId, name: action.agencyPartnershipName },
      recipient: { userId: lead.userId, email: lead.email, name: lead.displayName },
      subject: `Overdue action: it was due on ${writtenDate(action.dueOn)}`,
      paragraphs: [
        `An action for ${action.agencyName} was due on ${writtenDate(action.dueOn)} and is not completed: it is ${late} ${late === 1 ? 'day' : 'days'} overdue.`,
        `Review: ${action.reviewTitle} (led by ${action.reviewPartnershipName}).`,
        `Action: ${action.description}`,
        'You will be reminded each week while it stays overdue.',
      ],
      path: `/manage/actions/${action.id}`,
      linkText: 'Open the action to record its progress',
      footer: this.footer(`You get this email as the agency lead for ${action.agencyName}.`, false),
    }
  }

  // ── Statutory clocks (S3, S6, S12/S18) ───────────────────────────────────

  /**
   * To the business unit: each open statutory deadline of their partnership
   * before it falls due (the same working days as actions) and once when it is
   * missed. The deadlines come from the statutory clocks service, so the same
   * access rules apply as on the dashboard.
   */
  async sendStatutoryClockReminders(): Promise<number> {
    const { db } = this.context
    const leads = [...this.settings.reminderWorkingDays].sort((a, b) => a - b)
    const groups: MessageGroup[] = []
    for (const unit of await listRecipientsWithRole(db, 'business-unit')) {
      if (unit.digestOnly) continue
      const deadlines = await this.deadlinesOf(db, unit)
      const messages: MessageToWrite[] = []
      for (const deadline of deadlines) {
        const left = deadline.workingDaysLeft
        if (left === null) continue
        if (left < 0) {
          messages.push(this.clockMessage(deadline, unit, null))
          continue
        }
        const lead = leads.find((workingDays) => left <= workingDays)
        if (lead !== undefined) messages.push(this.clockMessage(deadline, unit, lead))
      }
      groups.push(messages)
    }
    return this.write(groups)
  }

  /**
   * The unit's open statutory deadlines. The clock reminders and the weekly
   * digest both ask, in the same pass, for each of a hundred and fifty units at
   * national scale: kept while the data has not changed (kept-views.ts), the
   * second asks nothing of the database but the audit trail's head.
   */
  private async deadlinesOf(db: Db, unit: RecipientRecord): Promise<OpenDeadline[]> {
    const memberships = await membershipsOf(db, unit.userId)
    return this.unitDeadlines.get(
      db,
      JSON.stringify([unit.userId, unit.partnershipId]),
      [this.calendar.today(), memberships],
      async () => {
        const actor: Actor = { userId: unit.userId, displayName: unit.displayName, memberships }
        return (await this.clocks.openDeadlines(actor)).filter(
          (deadline) => deadline.partnership.id === unit.partnershipId,
        )
      },
    )
  }

  /** `lead`: working days before; null once the deadline is missed. */
  private clockMessage(
    deadline: OpenDeadline,
    unit: RecipientRecord,
    lead: number | null,
  ): MessageToWrite {
    const what = deadlineWording(deadline)
    const left = deadline.workingDaysLeft ?? 0
    return {
      idempotencyKey:
        lead === null
          ? `clock-overdue:${deadline.key}:${deadline.dueOn}:${unit.userId}`
          : `clock-reminder:${deadline.key}:${deadline.dueOn}:${lead}wd:${unit.userId}`,
      kind: lead === null ? 'statutory-clock-overdue' : 'statutory-clock-reminder',
      partnership: { id: unit.partnershipId, name: unit.partnershipName },
      recipient: { userId: unit.userId, email: unit.email, name: unit.displayName },
      subject:
        lead === null
          ? `Statutory deadline missed: ${DEADLINE_KIND_NAMES[deadline.deadline]}`
          : `Statutory deadline on ${writtenDate(deadline.dueOn)}: ${DEADLINE_KIND_NAMES[deadline.deadline]}`,
      paragraphs: [
        lead === null
          ? `${what} was due on ${writtenDate(deadline.dueOn)} and has not been met.`
          : `${what} is due on ${writtenDate(deadline.dueOn)}, in ${left} working ${left === 1 ? 'day' : 'days'}.`,
      ],
      path: deadline.record.path,
      linkText: 'Open the record',
      footer: this.footer(
        `You get this email as the business unit of ${unit.partnershipName}.`,
        false,
      ),
    }
  }

  // ── Rapid review signatures (S8) ─────────────────────────────────────────

  /** To each partner's delegate, once per rapid review awaiting their signature. */
  async sendSignatureReminders(): Promise<number> {
    const { db } = this.context
    const seen = new Set<string>()
    const groups: MessageGroup[] = []
    for (const delegate of await listRecipientsWithRole(db, 'partner')) {
      // A delegate in two partnerships is asked once: their tasks cover both.
      if (delegate.digestOnly || seen.has(delegate.userId)) continue
      seen.add(delegate.userId)
      const actor: Actor = {
        userId: delegate.userId,
        displayName: delegate.displayName,
        memberships: await membershipsOf(db, delegate.userId),
      }
      // Only the signatures: the rest of their tasks (a partner reads every
      // review of the partnership) is not what this reminder is about.
      const signatures = await this.tasks.signaturesFor(actor)
      groups.push(
        signatures.map((task) => ({
          idempotencyKey: `signature-reminder:${task.href}:${delegate.userId}`,
          kind: 'signature-reminder',
          partnership: { id: delegate.partnershipId, name: delegate.partnershipName },
          recipient: { userId: delegate.userId, email: delegate.email, name: delegate.displayName },
          subject: 'A rapid review awaits your signature',
          paragraphs: [
            `The rapid review about ${task.about} awaits your signature on its decision (S8).`,
            ...(task.dueOn === null
              ? []
              : [`It is due to go to the Panel by ${writtenDate(task.dueOn)} (S6).`]),
          ],
          path: task.href,
          linkText: 'Sign off the rapid review',
          footer: this.footer(
            `You get this email as a statutory partner’s delegate in ${delegate.partnershipName}.`,
            false,
          ),
        })),
      )
    }
    return this.write(groups)
  }

  // ── Weekly digests ───────────────────────────────────────────────────────

  /**
   * One email a week to each agency lead (their agencies' actions overdue or
   * due within two weeks) and each business unit (their partnership's actions
   * and statutory deadlines). Nothing to report, no email.
   */
  async sendWeeklyDigests(): Promise<number> {
    const { db } = this.context
    const today = this.calendar.today()
    const week = weekStarting(today)
    const dueSoonOn = addCalendarDays(today, DIGEST_DUE_SOON_DAYS)
    const groups: MessageGroup[] = []

    const leads = await listRecipientsWithRole(db, 'agency-lead')
    const agenciesOf = new Map<string, { lead: RecipientRecord; agencyIds: Set<string> }>()
    for (const lead of leads) {
      if (lead.agencyId === null) continue
      const entry = agenciesOf.get(lead.userId) ?? { lead, agencyIds: new Set<string>() }
      entry.agencyIds.add(lead.agencyId)
      agenciesOf.set(lead.userId, entry)
    }
    const units = await listRecipientsWithRole(db, 'business-unit')
    // Every digest's actions in one query, not one for each of a thousand
    // people: the leads' agencies' and the business units' partnerships'.
    const actions = await listActionsDueBy(db, {
      agencyIds: [
        ...new Set([
          ...[...agenciesOf.values()].flatMap((entry) => [...entry.agencyIds]),
          ...(await listAgencyIdsOf(db, [...new Set(units.map((unit) => unit.partnershipId))])),
        ]),
      ],
      dueOnOrBefore: dueSoonOn,
      statuses: STATUSES_OPEN_FOR_REMINDERS,
    })
    const byAgency = groupBy(actions, (action) => action.agencyId)
    const byPartnership = groupBy(actions, (action) => action.agencyPartnershipId)

    for (const { lead, agencyIds } of agenciesOf.values()) {
      const theirs = [...agencyIds]
        .flatMap((agencyId) => byAgency.get(agencyId) ?? [])
        .sort(soonestFirst)
      if (theirs.length === 0) continue
      groups.push([
        {
          idempotencyKey: `digest:agency-lead:${lead.userId}:${week}`,
          kind: 'weekly-digest',
          partnership: { id: lead.partnershipId, name: lead.partnershipName },
          recipient: { userId: lead.userId, email: lead.email, name: lead.displayName },
          subject: `Your actions this week (week of ${writtenDate(week)})`,
          paragraphs: [
            `${theirs.length} ${theirs.length === 1 ? 'action of your agency is' : 'actions of your agency are'} overdue or due within two weeks.`,
          ],
          items: theirs.map((action) => actionLine(action, today)),
          path: '/manage/actions',
          linkText: 'Open your action plans',
          footer: this.footer('You get this weekly digest as an agency lead.', true),
        },
      ])
    }

    for (const unit of units) {
      const theirs = byPartnership.get(unit.partnershipId) ?? []
      const deadlines = (await this.deadlinesOf(db, unit)).filter(
        (deadline) => compareDates(deadline.dueOn, dueSoonOn) <= 0,
      )
      if (theirs.length === 0 && deadlines.length === 0) continue
      groups.push([
        {
          idempotencyKey: `digest:business-unit:${unit.userId}:${unit.partnershipId}:${week}`,
          kind: 'weekly-digest',
          partnership: { id: unit.partnershipId, name: unit.partnershipName },
          recipient: { userId: unit.userId, email: unit.email, name: unit.displayName },
          subject: `This week’s deadlines and actions (week of ${writtenDate(week)})`,
          paragraphs: [
            `${deadlines.length} statutory ${deadlines.length === 1 ? 'deadline' : 'deadlines'} and ${theirs.length} agency ${theirs.length === 1 ? 'action' : 'actions'} of ${unit.partnershipName} are overdue or due within two weeks.`,
          ],
          items: [
            ...deadlines.map(
              (deadline) =>
                `${deadlineWording(deadline)}: due ${writtenDate(deadline.dueOn)}${deadline.status === 'overdue' ? ' (overdue)' : ''}`,
            ),
            ...theirs.map((action) => actionLine(action, today)),
          ],
          path: '/manage/tasks',
          linkText: 'Open your tasks',
          footer: this.footer(
            `You get this weekly digest as the business unit of ${unit.partnershipName}.`,
            true,
          ),
        },
      ])
    }
    return this.write(groups)
  }
}

/** Items by a key, each list in the order the items came. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const group = groups.get(key)
    if (group === undefined) groups.set(key, [item])
    else group.push(item)
  }
  return groups
}

/** As the database lists them: by due date, then id. */
function soonestFirst(a: ActionForReminderRecord, b: ActionForReminderRecord): number {
  return (
    compareDates(a.dueOn as CalendarDate, b.dueOn as CalendarDate) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

function groupByAgency(leads: readonly RecipientRecord[]): Map<string, RecipientRecord[]> {
  const byAgency = new Map<string, RecipientRecord[]>()
  for (const lead of leads) {
    if (lead.agencyId === null) continue
    const list = byAgency.get(lead.agencyId) ?? []
    if (!list.some((other) => other.userId === lead.userId)) list.push(lead)
    byAgency.set(lead.agencyId, list)
  }
  return byAgency
}

/** The reminder due today, or none when the calendar cannot count to the date (S22). */
function reminderIfKnown(
  dueOn: CalendarDate,
  today: CalendarDate,
  calendar: WorkingDayCalendar,
  settings: MailSettings,
) {
  try {
    return reminderDue(dueOn, today, calendar, settings.reminderWorkingDays)
  } catch (error) {
    if (error instanceof OutsideCalendarError) return null
    throw error
  }
}

/** The last due date a reminder can be for today; generous when the calendar ends first. */
function horizon(calendar: WorkingDayCalendar, today: CalendarDate, workingDays: number) {
  try {
    return calendar.addWorkingDays(today, workingDays)
  } catch (error) {
    if (error instanceof OutsideCalendarError) return addCalendarDays(today, workingDays * 2 + 14)
    throw error
  }
}

function actionLine(action: ActionForReminderRecord, today: CalendarDate): string {
  const overdue = compareDates(action.dueOn as CalendarDate, today) < 0
  return `${action.agencyName}: ${action.description} (${action.reviewTitle}), ${overdue ? 'overdue, was due' : 'due'} ${writtenDate(action.dueOn)}`
}

/** "Notification to the Panel (S3) for Child A (WSCP-2026-014)": pseudonyms only. */
function deadlineWording(deadline: OpenDeadline): string {
  const name = DEADLINE_KIND_NAMES[deadline.deadline].replace(/\(S\d+\)/, `(${deadline.rule})`)
  return `${name} for ${deadline.pseudonyms}${deadline.caseReference === undefined ? '' : ` (${deadline.caseReference})`}`
}
