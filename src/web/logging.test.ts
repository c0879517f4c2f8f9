import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import Fastify, { type FastifyInstance } from 'fastify'
import { loggerOptions } from './logging.js'

/** A real Fastify logger with our options, writing its lines into an array. */
async function logLinesOf(run: (app: FastifyInstance) => Promise<void>) {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'))
      callback()
    },
  })
  const options = loggerOptions('info') as object
  const app: FastifyInstance = Fastify({ logger: { ...options, stream } })
  app.get('/calendar/:token', async () => 'ok')
  app.get('/search', async () => 'ok')
  await app.ready()
  await run(app)
  await app.close()
  return lines.join('')
}

describe('logs', () => {
  it('redact credentials and personal fields', async () => {
    const text = await logLinesOf(async (app) => {
      app.log.info(
        { password: 'hunter2-secret', email: 'someone@example.org', child: { name: 'Real Name' } },
        'event',
      )
    })
    assert.doesNotMatch(text, /hunter2-secret|someone@example\.org|Real Name/)
    assert.match(text, /\[redacted\]/)
  })

  it('log request paths without query strings or calendar feed secrets', async () => {
    const text = await logLinesOf(async (app) => {
      await app.inject({
        method: 'GET',
        url: '/search?q=Child%20surname',
        headers: { authorization: 'Bearer spr_secret', cookie: 'session=abc' },
      })
      await app.inject({ method: 'GET', url: '/calendar/feed-secret-token.ics' })
    })
    assert.match(text, /"path":"\/search"/)
    assert.doesNotMatch(text, /Child%20surname|spr_secret|session=abc|feed-secret-token/)
    assert.match(text, /\/calendar\/\[redacted\]\.ics/)
  })
})
