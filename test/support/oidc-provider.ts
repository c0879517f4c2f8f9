// A real OpenID Connect provider (oidc-provider) for the tests, on 127.0.0.1 at a
// random port, with one confidential client. Whoever signs in is the email
// address they type: there is no password, because the tests are about what the
// service does with the provider's answer, not about the provider.
//
// Its interaction pages are its own, small and accessible (they are axe-checked
// in the browser tests like every other page): a login form, and a consent step
// that grants at once. oidc-provider's quick-start pages are switched off.
//
// oidc-provider 9 prints "Unsupported runtime" on Node.js 20; it works there.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider'
import { wallClock } from './test-clock.js'

export interface TestIdentityProviderOptions {
  /** Where the provider may send people back to (the service's callback). */
  readonly redirectUris: readonly string[]
  readonly clientId?: string
  readonly clientSecret?: string
  /** Claims for a login beyond `sub`; by default the typed address, verified. */
  readonly claimsFor?: (login: string) => Record<string, unknown>
}

export interface TestIdentityProvider {
  /** e.g. http://127.0.0.1:41234 */
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
  /**
   * Plays a browser through the provider with fetch: from the authorisation URL
   * the service redirected to, through the login form (or its Cancel button),
   * until the provider redirects to an address starting with `returnTo`. Returns
   * that address (the service's callback, with the code or the error).
   */
  signIn(
    authorizationUrl: string,
    email: string,
    options: { returnTo: string; cancel?: boolean },
  ): Promise<string>
  close(): Promise<void>
}

const PAGE_STYLE = `
  body { font-family: Arial, sans-serif; margin: 2rem; color: #0b0c0c; background: #fff; }
  main { max-width: 32rem; }
  label { display: block; font-weight: bold; margin-bottom: .25rem; }
  input { font-size: 1.1rem; padding: .3rem; width: 100%; box-sizing: border-box; border: 2px solid #0b0c0c; }
  button { font-size: 1.1rem; margin-top: 1rem; padding: .4rem 1rem; }
  .error { color: #a50f0d; font-weight: bold; }
  form + form button { background: none; border: none; color: #1d70b8; text-decoration: underline; padding: 0; }
`

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ??
      character,
  )
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} – Test identity provider</title>
  <style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`
}

function loginPage(uid: string, options: { email?: string; error?: string } = {}): string {
  const invalid = options.error ? ` aria-invalid="true" aria-describedby="email-error"` : ''
  return page(
    options.error ? 'Error: Sign in' : 'Sign in',
    `<h1>Sign in to the test identity provider</h1>
<p>This provider signs in whoever you say you are. It exists only for tests.</p>
<form method="post" action="/interaction/${uid}/login" novalidate>
  <label for="email">Email address</label>
  ${options.error ? `<p id="email-error" class="error">Error: ${escapeHtml(options.error)}</p>` : ''}
  <input id="email" name="email" type="email" autocomplete="username" spellcheck="false" value="${escapeHtml(options.email ?? '')}"${invalid}>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/cancel">
  <button type="submit">Cancel and go back</button>
</form>`,
  )
}

function send(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  })
  response.end(html)
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    const buffer = chunk as Buffer
    size += buffer.length
    if (size > 64 * 1024) throw new Error('form too large')
    chunks.push(buffer)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/** oidc-provider's quick-start memory adapter warns on every start; this one is just as small. */
function memoryAdapter(): (model: string) => Adapter {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>()
  const grants = new Map<string, Set<string>>()
  const read = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= wallClock().getTime()) {
      store.delete(key)
      return undefined
    }
    return entry.payload
  }
  return (model) => {
    const key = (id: string) => `${model}:${id}`
    return {
      upsert(id, payload, expiresIn) {
        const expiresAt = expiresIn ? wallClock().getTime() + expiresIn * 1000 : Infinity
        store.set(key(id), { payload, expiresAt })
        if (model === 'Session' && payload.uid) {
          store.set(`sessionUid:${payload.uid}`, { payload: { id }, expiresAt })
        }
        if (payload.userCode) {
          store.set(`userCode:${payload.userCode}`, { payload: { id }, expiresAt })
        }
        if (payload.grantId) {
          const members = grants.get(payload.grantId) ?? new Set<string>()
          members.add(key(id))
          grants.set(payload.grantId, members)
        }
        return Promise.resolve()
      },
      find: (id) => Promise.resolve(read(key(id))),
      findByUid: (uid) => {
        const id = read(`sessionUid:${uid}`)?.id
        return Promise.resolve(typeof id === 'string' ? read(key(id)) : undefined)
      },
      findByUserCode: (userCode) => {
        const id = read(`userCode:${userCode}`)?.id
        return Promise.resolve(typeof id === 'string' ? read(key(id)) : undefined)
      },
      consume(id) {
        const payload = read(key(id))
        if (payload) payload.consumed = Math.floor(wallClock().getTime() / 1000)
        return Promise.resolve()
      },
      destroy(id) {
        store.delete(key(id))
        return Promise.resolve()
      },
      revokeByGrantId(grantId) {
        for (const member of grants.get(grantId) ?? []) store.delete(member)
        grants.delete(grantId)
        return Promise.resolve()
      },
    }
  }
}

export async function startTestIdentityProvider(
  options: TestIdentityProviderOptions,
): Promise<TestIdentityProvider> {
  const clientId = options.clientId ?? 'safeguarding-practice-reviews'
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url')
  const claimsFor =
    options.claimsFor ?? ((login: string) => ({ email: login, email_verified: true }))

  // The issuer must name the real port, so the server listens before the provider exists.
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_, response) =>
    send(response, 503, page('Starting', '<h1>Starting</h1>'))
  const server = createServer((request, response) => handle(request, response))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [...options.redirectUris],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    adapter: memoryAdapter(),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    // Seconds; set so oidc-provider does not ask for them on every run.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    scopes: ['openid', 'email'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_context, sub) =>
      Promise.resolve({
        accountId: sub,
        claims: () => Promise.resolve({ ...claimsFor(sub), sub }),
      }),
    renderError: (context, out) => {
      context.type = 'html'
      context.body = page(
        'Sign-in problem',
        `<h1>There is a problem with this sign-in</h1><p>${escapeHtml(out.error ?? 'error')}: ${escapeHtml(out.error_description ?? '')}</p>`,
      )
      return Promise.resolve()
    },
  })
  const providerCallback = provider.callback()

  async function interaction(
    request: IncomingMessage,
    response: ServerResponse,
    uid: string,
    action: string | undefined,
  ): Promise<void> {
    const details = await provider.interactionDetails(request, response)
    if (details.uid !== uid) return send(response, 400, page('Error', '<h1>Wrong sign-in</h1>'))

    if (request.method === 'GET' && details.prompt.name === 'login') {
      return send(response, 200, loginPage(uid))
    }
    if (request.method === 'GET' && details.prompt.name === 'consent') {
      // Consent is granted at once: the tests' client is the provider's own.
      const accountId = details.session?.accountId
      const clientId = details.params.client_id
      if (!accountId || typeof clientId !== 'string') throw new Error('consent without a login')
      const grant = details.grantId
        ? ((await provider.Grant.find(details.grantId)) ??
          new provider.Grant({ accountId, clientId }))
        : new provider.Grant({ accountId, clientId })
      const missing = details.prompt.details
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '))
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims)
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '))
      }
      const grantId = await grant.save()
      return provider.interactionFinished(
        request,
        response,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      )
    }
    if (request.method === 'POST' && action === 'login') {
      const email = (await formBody(request)).get('email')?.trim().toLowerCase() ?? ''
      if (email === '') {
        return send(response, 400, loginPage(uid, { error: 'Enter your email address' }))
      }
      return provider.interactionFinished(
        request,
        response,
        { login: { accountId: email } },
        { mergeWithLastSubmission: false },
      )
    }
    if (request.method === 'POST' && action === 'cancel') {
      return provider.interactionFinished(
        request,
        response,
        { error: 'access_denied', error_description: 'The person cancelled the sign-in' },
        { mergeWithLastSubmission: false },
      )
    }
    send(response, 405, page('Not allowed', '<h1>Not allowed</h1>'))
  }

  handle = (request, response) => {
    const path = new URL(request.url ?? '/', issuer).pathname
    const match = /^\/interaction\/([\w-]+)(?:\/(login|cancel))?$/.exec(path)
    if (!match?.[1]) return providerCallback(request, response)
    interaction(request, response, match[1], match[2]).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      if (!response.headersSent) {
        send(response, 400, page('Error', `<h1>Sign-in failed</h1><p>${escapeHtml(message)}</p>`))
      }
    })
  }

  async function signIn(
    authorizationUrl: string,
    email: string,
    signInOptions: { returnTo: string; cancel?: boolean },
  ): Promise<string> {
    const cookies = new Map<string, string>()
    let url = authorizationUrl
    let form: URLSearchParams | undefined
    for (let step = 0; step < 20; step += 1) {
      if (url.startsWith(signInOptions.returnTo)) return url
      if (!url.startsWith(issuer)) throw new Error(`Sent away from the provider, to ${url}`)
      const response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          ...(cookies.size > 0
            ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
            : {}),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form?.toString(),
      })
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = '', ...attributes] = cookie.split(';')
        const name = pair.slice(0, pair.indexOf('='))
        const value = pair.slice(pair.indexOf('=') + 1)
        const expired = attributes.some((attribute) =>
          /^\s*expires=Thu, 01 Jan 1970/i.test(attribute),
        )
        if (value === '' || expired) cookies.delete(name)
        else cookies.set(name, value)
      }
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).href
        form = undefined
        continue
      }
      const html = await response.text()
      const action = /<form method="post" action="([^"]+\/(login|cancel))"/g
      const forms = [...html.matchAll(action)]
      const wanted = forms.find((match) => match[2] === (signInOptions.cancel ? 'cancel' : 'login'))
      if (response.status !== 200 || !wanted?.[1]) {
        throw new Error(`Unexpected ${response.status} from ${url}: ${html.slice(0, 300)}`)
      }
      url = new URL(wanted[1], url).href
      form = new URLSearchParams(signInOptions.cancel ? {} : { email })
    }
    throw new Error('Too many redirects at the identity provider')
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signIn,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
