// Sends one message over SMTP with nodemailer (issue 10). SMTP_URL says where:
// smtp://user:password@host:587 upgrades to TLS with STARTTLS whenever the
// server offers it; smtps:// speaks TLS from the start (port 465). The answer
// is what the outbox needs to decide: sent, or failed with the server's reply
// code (4xx try again, 5xx give up) and its words.
import nodemailer, { type Transporter } from 'nodemailer'

export interface OutgoingMail {
  readonly to: { readonly name: string; readonly address: string }
  readonly subject: string
  readonly text: string
  readonly html: string
  /** '<…@…>': stored with the message, so a resend after a crash carries the same one. */
  readonly messageId: string
}

export type SendOutcome =
  | { readonly sent: true }
  | {
      readonly sent: false
      /** The server's reply code, when it replied (421, 550 …); null if it never answered. */
      readonly responseCode: number | null
      readonly error: string
    }

/** What the outbox sends with: SMTP in the service, the same in the tests (a real server). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendOutcome>
  close(): void
}

/** Words of an error fit to show an operator: no credentials, one line, not too long. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message
    .replace(/\/\/[^@\s/]*@/g, '//')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500)
}

export class SmtpMailer implements Mailer {
  private readonly transporter: Transporter

  constructor(smtpUrl: string, from: string) {
    this.transporter = nodemailer.createTransport(smtpUrl, { from })
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    try {
      await this.transporter.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
      })
      return { sent: true }
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode
      return {
        sent: false,
        responseCode: typeof code === 'number' ? code : null,
        error: describe(error),
      }
    }
  }

  close(): void {
    this.transporter.close()
  }
}
