// The shape of every message the service sends (issue 10): a plain-text part
// and an HTML part made from the same words, the partnership's name, and a link
// to the page the message is about. Words come from records (action
// descriptions, review titles, children's pseudonyms) and are escaped in the
// HTML part; the text part is plain text, so nothing in it is markup.

export interface MessageContent {
  readonly subject: string
  /** "Dear …" line's name. */
  readonly recipientName: string
  /** The partnership the message is on behalf of. */
  readonly partnershipName: string
  /** Paragraphs before the list. */
  readonly paragraphs: readonly string[]
  /** Items, each one line (a deadline, an action): shown as a list. */
  readonly items?: readonly string[]
  /** The page the message is about, absolute. */
  readonly link: { readonly href: string; readonly text: string }
  /** The service's name, e.g. "Safeguarding practice reviews". */
  readonly serviceName: string
  /** Why the person gets it, and how to choose fewer. */
  readonly footer: string
}

export interface RenderedMessage {
  readonly subject: string
  readonly text: string
  readonly html: string
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character)
}

/** A subject is one line: line breaks in it would start new mail headers. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim()
}

export function renderMessage(content: MessageContent): RenderedMessage {
  const subject = oneLine(`${content.subject} – ${content.partnershipName}`)
  const items = content.items ?? []
  const text = [
    `Dear ${content.recipientName},`,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(items.length > 0 ? [...items.map((item) => `- ${item}`), ''] : []),
    `${content.link.text}: ${content.link.href}`,
    '',
    content.partnershipName,
    content.serviceName,
    '',
    content.footer,
    '',
  ].join('\n')
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c">',
    `<p>Dear ${escapeHtml(content.recipientName)},</p>`,
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(items.length > 0
      ? ['<ul>', ...items.map((item) => `<li>${escapeHtml(item)}</li>`), '</ul>']
      : []),
    `<p><a href="${escapeHtml(content.link.href)}">${escapeHtml(content.link.text)}</a></p>`,
    `<p>${escapeHtml(content.partnershipName)}<br>${escapeHtml(content.serviceName)}</p>`,
    `<p style="font-size: 14px; color: #505a5f">${escapeHtml(content.footer)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
  return { subject, text, html }
}
