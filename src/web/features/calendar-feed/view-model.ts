import type {
  CalendarFeedStatus,
  NewCalendarFeedLink,
} from '../../../services/calendar-feed-service.js'

export function calendarFeedPageViewModel(
  status: CalendarFeedStatus,
  publicUrl: string,
  link?: NewCalendarFeedLink,
) {
  return {
    pageTitle: 'Your calendar feed',
    exists: status.exists,
    createdAt: status.createdAt,
    resetAt: status.resetAt,
    lastUsedAt: status.lastUsedAt,
    version: status.version,
    /** Only in the answer that made the link: it is not stored, so never shown again. */
    newLink: link ? `${publicUrl}${link.path}` : null,
  }
}
