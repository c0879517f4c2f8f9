import assert from 'node:assert/strict'
import { describeOnEachDatabase, itOnLeg } from './support/app-harness.js'
import { runCli } from './support/cli.js'

describeOnEachDatabase('revoking API tokens from the command line', (h) => {
  itOnLeg('revoke-tokens stops every token of the account at once, audited', async () => {
    const { app, database } = h()
    const made = await runCli(['create-token', '--email', 'partner@wandsworth.example'], {
      databaseUrl: database.url,
    })
    assert.equal(made.code, 0, made.stderr)
    const token = made.stdout.trim()
    const me = () =>
      app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `Bearer ${token}` },
      })
    assert.equal((await me()).statusCode, 200)

    const revoked = await runCli(['revoke-tokens', '--email', 'partner@wandsworth.example'], {
      databaseUrl: database.url,
    })
    assert.equal(revoked.code, 0, revoked.stderr)
    assert.match(revoked.stdout, /Revoked 1 API token\./)
    assert.equal((await me()).statusCode, 401)

    const audit = await h()
      .runtime.database.db.selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'api-token.revoked')
      .execute()
    assert.equal(audit.length, 1)

    const unknown = await runCli(['revoke-tokens', '--email', 'nobody@example.org'], {
      databaseUrl: database.url,
    })
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /no account with that email address/)
  })
})
