// Issue 12: the nginx configuration in the repository
// (deploy/nginx/safeguarding-reviews.conf) run by Debian's nginx in front of two
// real instances on one PostgreSQL database. Only what must differ on a test
// machine is changed: the ports, the instances' addresses, the certificate
// (made here with openssl) and the assets folder. Checked: TLS ends at nginx
// (plain HTTP is sent to HTTPS); the app believes nginx's X-Forwarded-Proto (a
// Secure session cookie is set, and sign-in works) and X-Forwarded-For (the
// client's address, not a forged one); health checks answer through it and an
// instance that stops is left out; /metrics is not public; the assets come
// from disk even with every instance down.
//
// Without nginx (apt-get install nginx) or PostgreSQL it says loudly that it
// was skipped; with CI=true it fails instead.
import assert from 'node:assert/strict'
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { userInfo, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { after, before, it, type TestContext } from 'node:test'
import pg from 'pg'
import {
  createPostgresDatabase,
  describeOnPostgres,
  postgresAvailableFor,
  type TestDatabase,
} from './support/databases.js'
import {
  INSTANCE_DEMO_PASSWORD,
  csrfTokenOf,
  startInstance,
  stopInstance,
  whenReady,
  type Instance,
} from './support/instances.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CONFIG = join(ROOT, 'deploy', 'nginx', 'safeguarding-reviews.conf')
const INSTANCE_PORTS = [3243, 3244] as const
const HTTPS_PORT = 3246
const HTTP_PORT = 3247
// The client reaches nginx on another loopback address than nginx reaches the
// instances from, so the address the app sees tells which one it believed.
const CLIENT_ADDRESS = '127.0.0.2'
const FORGED_ADDRESS = '203.0.113.9'

function nginxBinary(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) {
    if (spawnSync(candidate, ['-v']).status === 0) return candidate
  }
  return null
}

/** Whether nginx is here: with CI=true it must be; otherwise its absence is said loudly. */
function nginxAvailable(): string | null {
  const binary = nginxBinary()
  if (binary !== null) return binary
  if (process.env.CI === 'true') {
    throw new Error(
      'nginx is required when CI=true (apt-get install -y nginx) but is not installed',
    )
  }
  console.warn('\n*** nginx test SKIPPED: nginx is not installed (apt-get install -y nginx). ***\n')
  return null
}

let ready = false
let folder = ''
let database: TestDatabase | undefined
let nginx: ChildProcess | undefined
let nginxOutput = ''
const instances: Instance[] = []
let certificate = Buffer.alloc(0)

function skipUnlessReady(t: TestContext): boolean {
  if (!ready) t.skip('nginx or PostgreSQL missing')
  return !ready
}

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  tls?: { protocol: string | null; subject: string }
}

/** A request to nginx over TLS, trusting only the test's certificate. */
function https(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: CLIENT_ADDRESS,
        port: HTTPS_PORT,
        path,
        method: options.method ?? 'GET',
        headers: { host: 'localhost', ...(options.headers ?? {}) },
        ca: certificate,
        servername: 'localhost',
        localAddress: CLIENT_ADDRESS,
        agent: false,
        timeout: 15_000,
      },
      (response) => {
        const socket = response.socket as TLSSocket
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            tls: {
              protocol: socket.getProtocol?.() ?? null,
              subject: String(socket.getPeerCertificate?.()?.subject?.CN ?? ''),
            },
          }),
        )
      },
    )
    req.on('error', reject)
    req.on('timeout', () => req.destroy(new Error('timed out')))
    req.end(options.body)
  })
}

/** The test's copy of the repository's configuration: only ports, paths and addresses changed. */
function testCopyOfConfig(): string {
  const original = readFileSync(CONFIG, 'utf8')
  const replacements: [string, string][] = [
    ['server 127.0.0.1:3001 ', `server 127.0.0.1:${INSTANCE_PORTS[0]} `],
    ['server 127.0.0.1:3002 ', `server 127.0.0.1:${INSTANCE_PORTS[1]} `],
    ['listen 80;', `listen ${HTTP_PORT};`],
    ['listen [::]:80;\n', ''],
    ['listen 443 ssl;', `listen ${HTTPS_PORT} ssl;`],
    ['listen [::]:443 ssl;\n', ''],
    ['/etc/ssl/safeguarding-reviews/fullchain.pem', join(folder, 'certificate.pem')],
    ['/etc/ssl/safeguarding-reviews/privkey.pem', join(folder, 'key.pem')],
    ['/srv/safeguarding-reviews/public/', `${join(ROOT, 'public')}/`],
  ]
  let copy = original
  for (const [from, to] of replacements) {
    assert.ok(copy.includes(from), `the configuration still has "${from.trim()}"`)
    copy = copy.split(from).join(to)
  }
  return copy
}

function mainConfig(): string {
  const temp = (name: string) => join(folder, name)
  return `
${process.getuid?.() === 0 ? `user ${userInfo().username};` : ''}
worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
daemon off;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log ${temp('access.log')};
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  include ${temp('safeguarding-reviews.conf')};
}
`
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describeOnPostgres(
  'nginx in front of two instances (deploy/nginx/safeguarding-reviews.conf)',
  () => {
    before(async () => {
      const binary = nginxAvailable()
      if (binary === null) return
      if (!(await postgresAvailableFor('nginx test'))) return
      folder = mkdtempSync(join(tmpdir(), 'spr-nginx-'))
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '2',
          '-subj',
          '/CN=localhost',
          '-addext',
          `subjectAltName=DNS:localhost,IP:127.0.0.1,IP:${CLIENT_ADDRESS}`,
          '-keyout',
          join(folder, 'key.pem'),
          '-out',
          join(folder, 'certificate.pem'),
        ],
        { stdio: 'ignore' },
      )
      certificate = readFileSync(join(folder, 'certificate.pem'))
      for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
        mkdirSync(join(folder, name))
      writeFileSync(join(folder, 'safeguarding-reviews.conf'), testCopyOfConfig())
      writeFileSync(join(folder, 'nginx.conf'), mainConfig())
      const check = spawnSync(binary, ['-t', '-c', join(folder, 'nginx.conf')], {
        encoding: 'utf8',
      })
      assert.equal(check.status, 0, `nginx -t accepts the configuration: ${check.stderr}`)

      database = await createPostgresDatabase()
      for (const [index, port] of INSTANCE_PORTS.entries()) {
        instances.push(
          startInstance(index === 0 ? 'A' : 'B', port, database.url, {
            // Believe X-Forwarded-* from nginx only.
            TRUST_PROXY: '127.0.0.1',
            SECURE_COOKIES: 'true',
            PUBLIC_URL: `https://localhost:${HTTPS_PORT}`,
          }),
        )
      }
      await Promise.all(instances.map((started) => whenReady(started)))
      nginx = spawn(binary, ['-c', join(folder, 'nginx.conf')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      nginx.stderr?.setEncoding('utf8').on('data', (chunk: string) => (nginxOutput += chunk))
      for (let attempt = 0; attempt < 100; attempt += 1) {
        try {
          if ((await https('/healthz')).status === 200) break
        } catch {
          // Not listening yet.
        }
        await sleep(100)
      }
      ready = true
    })

    after(async () => {
      if (nginx && nginx.exitCode === null) {
        nginx.kill('SIGQUIT')
        await new Promise((resolve) => nginx?.once('exit', resolve))
      }
      await Promise.all(instances.map((started) => stopInstance(started)))
      await database?.drop()
      if (folder) rmSync(folder, { recursive: true, force: true })
    })

    it('ends TLS with the certificate, and sends plain HTTP to HTTPS', async (t) => {
      if (skipUnlessReady(t)) return
      const home = await https('/')
      assert.equal(home.status, 200, nginxOutput)
      assert.match(home.tls?.protocol ?? '', /^TLSv1\.[23]$/)
      assert.equal(home.tls?.subject, 'localhost')
      assert.ok(home.body.includes('govuk-template'), 'the app answered through nginx')
      const plain = await fetch(`http://${CLIENT_ADDRESS}:${HTTP_PORT}/reviews?page=2`, {
        redirect: 'manual',
      })
      assert.equal(plain.status, 301)
      assert.equal(plain.headers.get('location'), `https://${CLIENT_ADDRESS}/reviews?page=2`)
    })

    it('passes X-Forwarded-Proto and X-Forwarded-For, and the app believes nginx only', async (t) => {
      if (skipUnlessReady(t)) return
      const signInPage = await https('/sign-in', { headers: { 'x-forwarded-for': FORGED_ADDRESS } })
      assert.equal(signInPage.status, 200)
      // The app sets a Secure, __Host- cookie only on a request it believes came over HTTPS.
      const cookies = [signInPage.headers['set-cookie'] ?? []].flat()
      const session = cookies.find((cookie) => cookie.startsWith('__Host-session='))
      assert.ok(session, `a __Host- session cookie: ${cookies.join(' | ')}`)
      assert.match(session, /; Secure/i)
      assert.match(String(signInPage.headers['strict-transport-security']), /max-age=31536000/)
      const cookie = session.split(';')[0] ?? ''
      const signedIn = await https('/sign-in', {
        method: 'POST',
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': FORGED_ADDRESS,
        },
        body: new URLSearchParams({
          _csrf: csrfTokenOf(signInPage.body),
          email: 'partner@wandsworth.example',
          password: INSTANCE_DEMO_PASSWORD,
        }).toString(),
      })
      assert.equal(signedIn.status, 303, signedIn.body.slice(0, 300))
      const newCookie = [signedIn.headers['set-cookie'] ?? []].flat()[0]?.split(';')[0] ?? cookie
      // Whichever instance nginx picks, the session is there (it is in the database).
      for (let request = 0; request < 4; request += 1) {
        assert.equal((await https('/manage', { headers: { cookie: newCookie } })).status, 200)
      }
      // The sign-in was counted against the client's own address (the rate
      // limit's key), which nginx put in X-Forwarded-For over the forged one.
      const client = new pg.Client({ connectionString: database!.url })
      await client.connect()
      try {
        const keys = (
          await client.query<{ key: string }>('select key from rate_limit_counter')
        ).rows.map((row) => row.key)
        assert.ok(
          keys.some((key) => key.endsWith(`-${CLIENT_ADDRESS}`)),
          `counted for ${CLIENT_ADDRESS}: ${keys.join(', ')}`,
        )
        assert.ok(!keys.some((key) => key.includes(FORGED_ADDRESS)), 'never the forged address')
        assert.ok(!keys.some((key) => key.endsWith('-127.0.0.1')), 'never nginx’s own address')
      } finally {
        await client.end()
      }
    })

    it('serves the assets from disk, and keeps /metrics from the public', async (t) => {
      if (skipUnlessReady(t)) return
      const css = await https('/assets/stylesheets/application.css')
      assert.equal(css.status, 200)
      assert.match(String(css.headers['content-type']), /^text\/css/)
      assert.equal(css.headers['cache-control'], 'public, max-age=86400')
      assert.equal(
        css.body,
        readFileSync(join(ROOT, 'public', 'stylesheets', 'application.css'), 'utf8'),
      )
      assert.equal((await https('/assets/no-such-file.css')).status, 404)
      assert.equal((await https('/metrics')).status, 403, 'not through nginx')
      const direct = await fetch(`${instances[0]!.base}/metrics`)
      assert.equal(direct.status, 200, 'each instance still answers its monitoring directly')
    })

    it('answers health checks, leaves out an instance that stops, and serves assets with none', async (t) => {
      if (skipUnlessReady(t)) return
      assert.equal((await https('/readyz')).status, 200)
      await stopInstance(instances[0]!, 'SIGKILL')
      for (let request = 0; request < 6; request += 1) {
        const page = await https('/reviews')
        assert.equal(page.status, 200, `request ${request} after A stopped: ${page.status}`)
      }
      assert.equal((await https('/readyz')).status, 200)
      await stopInstance(instances[1]!, 'SIGKILL')
      assert.equal((await https('/readyz')).status, 502, 'no instance: nginx says so')
      assert.equal((await https('/assets/stylesheets/application.css')).status, 200)
    })
  },
)
