import assert from 'node:assert/strict'
import { Browser, describeOnEachDatabase, itOnLeg } from './support/app-harness.js'

describeOnEachDatabase('audit trail page and export', (h) => {
  itOnLeg('shows administrators sign-ins, failures and changes, filtered', async () => {
    const { app } = h()
    await new Browser(app).signIn('practitioner@wandsworth.example', 'not the password at all')
    const admin = new Browser(app)
    await admin.signIn('administrator@wandsworth.example')

    const all = await admin.get('/manage/audit')
    assert.equal(all.statusCode, 200)
    assert.match(all.body, /sign-in\.failed/)
    assert.match(all.body, /partnership\.created/)

    const failures = await admin.get('/manage/audit?action=sign-in.failed')
    assert.match(failures.body, /1 event\./)
    assert.doesNotMatch(failures.body, /partnership\.created<\/td>/)

    const byUser = await admin.get('/manage/audit?user=administrator%40wandsworth.example')
    assert.match(byUser.body, /sign-in\.succeeded/)
    assert.doesNotMatch(byUser.body, /sign-in\.failed<\/td>/)

    const nobody = await admin.get('/manage/audit?user=nobody%40example.org')
    assert.match(nobody.body, /There is no account with that email address/)
  })

  itOnLeg('refuses bad dates with an error summary', async () => {
    const { app } = h()
    const admin = new Browser(app)
    await admin.signIn('administrator@wandsworth.example')
    const response = await admin.get('/manage/audit?from=2023-02-30&to=2023-01-01')
    assert.equal(response.statusCode, 400)
    assert.match(response.body, /There is a problem/)
    assert.match(response.body, /href="#from"/)
    const reversed = await admin.get('/manage/audit?from=2024-02-01&to=2024-01-01')
    assert.match(reversed.body, /same as or after the start date/)
  })

  itOnLeg('exports CSV with formula cells neutralised, and records the export', async () => {
    const { app, services } = h()
    await services.users.createUser(
      {
        email: 'formula@wandsworth.example',
        displayName: "=cmd|' /C calc'!A0",
        partnershipSlug: 'wandsworth',
        role: 'practitioner',
        password: 'a long enough password',
      },
      { kind: 'system', label: 'test' },
    )
    await new Browser(app).signIn('formula@wandsworth.example', 'a long enough password')
    const admin = new Browser(app)
    await admin.signIn('administrator@wandsworth.example')
    const signIns = await admin.get('/manage/audit.csv?user=formula%40wandsworth.example')
    assert.match(signIns.body, /,'=cmd\|' \/C calc'!A0,/)
    assert.doesNotMatch(signIns.body, /,=cmd/)

    const csv = await admin.get('/manage/audit.csv?action=partnership.created')
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /^text\/csv/)
    assert.match(String(csv.headers['content-disposition']), /attachment/)
    const lines = csv.body.trim().split('\r\n')
    assert.equal(
      lines[0],
      'sequence,occurred_at,actor,actor_user_id,action,record_type,record_id,partnership_id,summary,hash',
    )
    // Only the administrator's own partnership: Southwark's creation is not theirs to see.
    assert.equal(lines.length, 2)
    assert.match(csv.body, /wandsworth/)
    assert.doesNotMatch(csv.body, /southwark/)
    const page = await admin.get('/manage/audit?action=audit.exported')
    assert.match(page.body, /2 events\./)
    assert.equal((await services.verifyAuditTrail()).ok, true)
  })

  itOnLeg('is refused to everyone but administrators', async () => {
    const { app } = h()
    for (const email of ['coordinator@wandsworth.example', 'practitioner@wandsworth.example']) {
      const browser = new Browser(app)
      await browser.signIn(email)
      assert.equal((await browser.get('/manage/audit')).statusCode, 403)
      assert.equal((await browser.get('/manage/audit.csv')).statusCode, 403)
    }
    const anonymous = await app.inject({ method: 'GET', url: '/manage/audit' })
    assert.equal(anonymous.statusCode, 302)
  })
})
