import type { FastifyServerOptions } from 'fastify'

/**
 * Structured JSON logs with personal data removed: credentials, cookies and the
 * fields that can hold names or contact details never reach a log line.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.email',
        '*.name',
        '*.displayName',
        '*.dateOfBirth',
        '*.address',
        'password',
        'email',
        'displayName',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // The path only: query strings can carry search terms or names. A calendar
      // feed's path holds its secret, which would open the feed to anyone reading logs.
      req: (request: { method: string; url: string; id: string }) => ({
        id: request.id,
        method: request.method,
        path: (request.url.split('?')[0] ?? '').replace(
          /^\/calendar\/[^/]+$/,
          '/calendar/[redacted].ics',
        ),
      }),
    },
  }
}
