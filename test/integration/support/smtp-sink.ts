// A real SMTP server for the tests (issue 10): the `smtp-server` package on
// 127.0.0.1 at a random port, reading what it receives with `mailparser`. It
// asks for a user name and password, as a real relay does, and can answer the
// next messages with a temporary (4xx) or permanent (5xx) refusal.
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export const SMTP_USER = 'reviews-test'
export const SMTP_PASSWORD = 'smtp-test-password'

export interface ReceivedMail {
  readonly envelopeTo: readonly string[]
  readonly parsed: ParsedMail
}

export interface SmtpSink {
  /** smtp://user:password@127.0.0.1:port */
  readonly url: string
  readonly received: ReceivedMail[]
  /** Answers the next `count` messages with this reply code (451: try later; 550: refused). */
  refuseNext(count: number, code: number): void
  close(): Promise<void>
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ReceivedMail[] = []
  const refusals: number[] = []
  const server = new SMTPServer({
    // No certificate to trust in a test: plain SMTP on the loopback interface.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) {
        callback(null, { user: auth.username })
      } else {
        callback(new Error('Invalid user name or password'))
      }
    },
    onData(stream, session, callback) {
      const refusal = refusals.shift()
      simpleParser(stream)
        .then((parsed) => {
          if (refusal !== undefined) {
            const error = new Error(
              refusal >= 500 ? 'Mailbox unavailable' : 'Try again later',
            ) as Error & { responseCode: number }
            error.responseCode = refusal
            callback(error)
            return
          }
          received.push({
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            parsed,
          })
          callback()
        })
        .catch((error: unknown) => callback(error as Error))
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    received,
    refuseNext(count, code) {
      for (let i = 0; i < count; i += 1) refusals.push(code)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
